using System.Net.Http.Json;
using System.Text.Json;
using DxTrack.Contracts;
using DxTrack.Notifications.Reminders;
using DxTrack.Notifications.Tests.Support;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;
using Microsoft.EntityFrameworkCore;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace DxTrack.Notifications.Tests;

/// <summary>SMS through a real HTTP provider (WireMock) that fails, hangs, then recovers.</summary>
public sealed class SmsProviderOutageTests(SmsGatewayHost host) : IClassFixture<SmsGatewayHost>
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    const string Accepting = """{"status":"success","code":"00","data":{"tranId":"vn-sms-42"}}""";

    /// <summary>The provider's answer from now on, to requests that carry the API key (others find no route: 404).</summary>
    void ProviderAnswers(int status, TimeSpan? delay = null, string body = """{"error":"unavailable"}""")
    {
        host.Gateway.ResetMappings();
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        if (delay is not null) response = response.WithDelay(delay.Value);
        host.Gateway.Given(Request.Create().WithPath("/sms/send").UsingPost().WithHeader(SmsGatewayHost.ApiKeyHeader, SmsGatewayHost.ApiKey))
            .RespondWith(response);
    }

    int Accepted(string phone) => host.Gateway.LogEntries.Count(e =>
        Convert.ToInt32(e.ResponseMessage.StatusCode) == 200 && (e.RequestMessage.Body ?? "").Contains(phone)
        && (e.ResponseMessage.BodyData?.BodyAsString ?? "").Contains("\"code\":\"00\""));

    async Task<(string Code, AgencyContact[] Staff)> ObligationWithSmsDueNowAsync()
    {
        var code = Events.NewAgencyCode();
        AgencyContact[] staff = [Events.Staff(code, 1), Events.Staff(code, 2), Events.Staff(code, 3)];
        await host.PublishAndWaitAsync(Events.Agency(code, 1, staff), db => db.Agencies.AnyAsync(a => a.Code == code));
        // Due tomorrow, opened after 08:00: the "1 day before" reminder (e-mail and SMS) is due at once.
        var opened = Events.Obligation(code, NotificationsHost.EndOfDay(host.Today.AddDays(1)));
        await host.PublishAndWaitAsync(opened, db => db.Obligations.AnyAsync(o => o.Id == opened.ObligationId));
        return (code, staff);
    }

    Task<List<Reminder>> SmsOfAsync(string code) => host.QueryAsync(db =>
        db.Reminders.AsNoTracking().Where(r => r.AgencyCode == code && r.Channel == ReminderChannel.Sms && r.Step == "before-1d").ToListAsync());

    [Fact]
    public async Task After_a_provider_outage_every_sms_is_delivered_exactly_once()
    {
        host.AdvanceTo(DayOfWeek.Tuesday, new TimeOnly(9, 0));
        var (code, staff) = await ObligationWithSmsDueNowAsync();

        ProviderAnswers(500);
        await host.DispatchAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        ProviderAnswers(503, delay: SmsGatewayHost.Timeout * 2); // slower than the client's timeout
        await host.DispatchAsync();
        var failing = await SmsOfAsync(code);
        Assert.All(failing, r => Assert.Equal((ReminderStatus.Pending, 2), (r.Status, r.Attempts)));
        Assert.All(failing, r => Assert.Contains("Timeout", r.LastError));
        // The provider is done with the slow answers the service gave up on before it recovers.
        await Eventually.Until(() => Task.FromResult(staff.All(c => host.Gateway.LogEntries.Any(e =>
            Convert.ToInt32(e.ResponseMessage.StatusCode) == 503 && (e.RequestMessage.Body ?? "").Contains(c.Phone!)))),
            TimeSpan.FromSeconds(30), "the provider's slow answers to have been written");

        ProviderAnswers(200, body: Accepting);
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await host.DispatchAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        await host.DispatchAsync();

        var sms = await SmsOfAsync(code);
        Assert.Equal(3, sms.Count);
        Assert.All(sms, r => Assert.Equal((ReminderStatus.Sent, 3, "vn-sms-42"), (r.Status, r.Attempts, r.ProviderMessageId)));
        foreach (var contact in staff) Assert.Equal(1, Accepted(contact.Phone!));
        // The fixture's provider is shared by the class's tests: look only at this agency's messages.
        var request = host.Gateway.LogEntries.Last(e => Convert.ToInt32(e.ResponseMessage.StatusCode) == 200
            && (e.RequestMessage.Body ?? "").Contains(staff[0].Phone!)).RequestMessage;
        Assert.StartsWith("Basic ", request.Headers!["Authorization"].First());
        Assert.Equal(SmsGatewayHost.ApiKey, Assert.Single(request.Headers[SmsGatewayHost.ApiKeyHeader]));
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal(SmsGatewayHost.Brandname, body.RootElement.GetProperty("brand").GetString());
        Assert.Contains("Nhac han bao cao", body.RootElement.GetProperty("message").GetString());
        // E-mail never depended on the SMS provider.
        Assert.Single(await host.Mail.MailsToAsync(staff[0].Email!));
    }

    [Fact]
    public async Task A_200_answer_carrying_an_error_code_is_a_failed_attempt_retried_until_the_provider_takes_the_sms()
    {
        host.AdvanceTo(DayOfWeek.Thursday, new TimeOnly(9, 0));
        var (code, staff) = await ObligationWithSmsDueNowAsync();

        ProviderAnswers(200, body: """{"status":"error","code":"007","message":"Brandname chưa được đăng ký"}""");
        await host.DispatchAsync();
        var refused = await SmsOfAsync(code);
        Assert.All(refused, r => Assert.Equal((ReminderStatus.Pending, 1, host.Clock.GetUtcNow().AddMinutes(1)),
            (r.Status, r.Attempts, r.NextAttemptAt)));
        Assert.All(refused, r => Assert.Contains("code = 007", r.LastError));

        ProviderAnswers(200, body: Accepting);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.DispatchAsync();

        var sms = await SmsOfAsync(code);
        Assert.All(sms, r => Assert.Equal((ReminderStatus.Sent, 2, "vn-sms-42"), (r.Status, r.Attempts, r.ProviderMessageId)));
        foreach (var contact in staff) Assert.Equal(1, Accepted(contact.Phone!));
    }

    [Fact]
    public async Task An_sms_whose_every_attempt_fails_is_marked_failed_and_shown_to_operators()
    {
        host.AdvanceTo(DayOfWeek.Wednesday, new TimeOnly(9, 0));
        var (code, _) = await ObligationWithSmsDueNowAsync();
        ProviderAnswers(500);

        for (var attempt = 0; attempt < 4; attempt++)
        {
            await host.DispatchAsync();
            host.Clock.Advance(TimeSpan.FromMinutes(10));
        }
        await host.DispatchAsync();

        var sms = await SmsOfAsync(code);
        Assert.All(sms, r => Assert.Equal((ReminderStatus.Failed, 4), (r.Status, r.Attempts)));
        Assert.All(sms, r => Assert.Contains("500", r.LastError));
        var page = await host.Client(DxRoles.Secretariat).GetFromJsonAsync<ReminderPage>(
            $"/api/notifications/deliveries?agency={code}&status=Failed", Json, TestContext.Current.CancellationToken);
        Assert.Equal(3, page!.Total);
    }
}
