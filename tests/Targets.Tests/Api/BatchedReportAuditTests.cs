using System.Net;
using System.Text.Json;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Tests.Support;
using DxTrack.TestSupport;

namespace DxTrack.Targets.Tests.Api;

/// <summary>Reports applied in one batch: each obligation's audit entry names its own report's request.</summary>
public sealed class BatchedReportAuditTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    [Fact]
    public async Task Obligations_fulfilled_in_one_batch_are_audited_under_each_reports_correlation_id()
    {
        var reports = new List<(string Agency, Guid Obligation, string Correlation)>();
        for (var i = 0; i < 6; i++)
        {
            var code = Builders.UniqueCode();
            await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
            var obligation = await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
                .ReadAsync<ObligationView>(HttpStatusCode.Created);
            reports.Add((code, obligation.Id, $"req-batch-{i}-{Guid.NewGuid():N}"));
        }

        await Task.WhenAll(reports.Select(r =>
            app.Bus.PublishAsync(new SubmissionReceived(Guid.NewGuid(), r.Obligation, r.Agency, 1, DateTimeOffset.UtcNow, false), r.Correlation)));

        foreach (var (_, obligation, correlation) in reports)
        {
            var page = await Eventually.Until(
                () => app.Client(DxRoles.Admin).GetAsync<JsonElement>($"/api/targets/audit?entityType=Obligation&entityId={obligation}"),
                p => p.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("change").GetString() == "Modified"),
                because: "the report's fulfilment should be audited");
            var fulfilment = page.GetProperty("items").EnumerateArray().First(e => e.GetProperty("change").GetString() == "Modified");
            Assert.Equal(correlation, fulfilment.GetProperty("correlationId").GetString());
        }
    }
}
