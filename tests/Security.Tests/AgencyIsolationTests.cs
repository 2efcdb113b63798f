using System.Net;
using System.Net.Http.Json;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;
using MassTransit;

namespace DxTrack.Security.Tests;

/// <summary>
/// With real data in place, a reporter works with its own agency's obligations and reports and
/// cannot reach another agency's. The data arrives as the services learn it in production: events.
/// </summary>
[Collection(ServiceHosts.Collection)]
public sealed class AgencyIsolationTests(ServiceHosts hosts)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Every service is built: a route the test relies on that is gone is a failure, not a reason to skip.
    void RequireMapped(string service, string route)
    {
        if (!hosts.Routes(service).Contains(route)) Assert.Fail($"{service} does not map {route}.");
    }

    async Task<Guid> OpenObligationFor(string agency)
    {
        var broker = new Uri(hosts.Bus.AmqpUri);
        var user = broker.UserInfo.Split(':', 2);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker, h =>
        {
            h.Username(Uri.UnescapeDataString(user[0]));
            h.Password(Uri.UnescapeDataString(user[1]));
        }));
        await bus.StartAsync(Ct);
        try
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var code in new[] { ServiceHosts.OwnAgency, ServiceHosts.OtherAgency })
                await bus.Publish(new AgencyChanged(code, $"Agency {code}", AgencyKind.Department, null, true,
                    [new AgencyContact("Head", $"head@{code.ToLowerInvariant()}.test", "0900000000", true)], 1, now), Ct);
            var id = Guid.NewGuid();
            await bus.Publish(new ObligationOpened(id, agency, ObligationSubject.Task, Guid.NewGuid(), "NV-01",
                "Báo cáo tiến độ", "2026-Q4", now.AddDays(60), null, now), Ct);
            return id;
        }
        finally
        {
            await bus.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task A_reporter_reports_on_its_own_agencys_obligation_and_not_on_another_agencys()
    {
        RequireMapped("submissions", "POST /api/submissions");
        var obligation = await OpenObligationFor(ServiceHosts.OwnAgency);
        var report = new { obligationId = obligation, progress = new { status = "InProgress", percentComplete = 40, note = "Đang triển khai" } };
        var own = hosts.Client("submissions", DxRoles.Reporter, ServiceHosts.OwnAgency);
        var other = hosts.Client("submissions", DxRoles.Reporter, ServiceHosts.OtherAgency);

        var created = await Eventually.Until(() => own.PostAsJsonAsync("/api/submissions", report, Ct),
            r => r.StatusCode == HttpStatusCode.Created, because: "the obligation reaches the submissions replica");
        var submission = (await created.Content.ReadFromJsonAsync<IdOnly>(Ct))!.Id;

        var foreign = await other.PostAsJsonAsync("/api/submissions", report, Ct);
        Assert.True(foreign.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{foreign.StatusCode}");
        var peek = await other.GetAsync($"/api/submissions/{submission}", Ct);
        Assert.True(peek.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{peek.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync($"/api/submissions/{submission}", Ct)).StatusCode);
        var listed = await other.GetStringAsync("/api/submissions", Ct);
        Assert.DoesNotContain(submission.ToString(), listed);
    }

    [Fact]
    public async Task A_reporter_sees_its_own_agencys_reminder_status_and_not_another_agencys()
    {
        RequireMapped("notifications", "GET /api/notifications/obligations/{}");
        var obligation = await OpenObligationFor(ServiceHosts.OwnAgency);
        var own = hosts.Client("notifications", DxRoles.Reporter, ServiceHosts.OwnAgency);
        var other = hosts.Client("notifications", DxRoles.Reporter, ServiceHosts.OtherAgency);

        await Eventually.Until(() => own.GetAsync($"/api/notifications/obligations/{obligation}", Ct),
            r => r.StatusCode == HttpStatusCode.OK, because: "the obligation reaches the notifications replica");

        var foreign = await other.GetAsync($"/api/notifications/obligations/{obligation}", Ct);
        Assert.True(foreign.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{foreign.StatusCode}");
        var contacts = await other.GetAsync($"/api/notifications/agencies/{ServiceHosts.OwnAgency}/contacts", Ct);
        Assert.True(contacts.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{contacts.StatusCode}");
    }
}
