using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;

namespace DxTrack.Submissions.Tests;

/// <summary>
/// A first report is the deadline's hot path: one batch of reads and one batch of writes that PostgreSQL commits as
/// one transaction, with the same rows, event, audit entries and idempotency answer as a report written through EF Core.
/// </summary>
[Collection(SubmissionsCollection.Name)]
public sealed class SingleWriteTests(SubmissionsHost host)
{
    [Fact]
    public async Task A_first_report_with_an_idempotency_key_costs_one_read_and_one_write_round_trip()
    {
        var agency = $"W{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency, ObligationSubject.Indicator);
        var trace = ActivityTraceId.CreateRandom();
        var commands = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.Source.Name == "Npgsql" && a.TraceId == trace) commands.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(listener);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions")
        {
            Content = Json.Body($"{{\"obligationId\":\"{obligation.ObligationId}\",\"value\":{{\"percent\":42}}}}"),
        };
        request.Headers.Add("Idempotency-Key", "one-write");
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var response = await host.Reporter(agency).SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, commands.Count);
        Assert.Equal(1, await host.CountAsync("submissions", $"\"ObligationId\" = '{obligation.ObligationId}'"));
        Assert.Equal(1, await host.CountAsync("revisions r join submissions s on s.\"Id\" = r.\"SubmissionId\"",
            $"s.\"ObligationId\" = '{obligation.ObligationId}' and r.value_percent = 42"));
        Assert.Equal(1, await host.CountAsync("outbox_messages",
            $"message_type like 'DxTrack.Contracts.SubmissionReceived,%' and body->>'obligationId' = '{obligation.ObligationId}'"));
        Assert.Equal(1, await host.CountAsync("idempotency_keys", $"\"Key\" = 'one-write' and \"Caller\" = 'reporter-{agency}'"));
    }

    [Fact]
    public async Task A_first_report_is_audited_as_a_revision_written_through_EF_Core_is()
    {
        var ct = TestContext.Current.CancellationToken;
        var agency = $"W{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var reporter = host.Reporter(agency);
        var content = new
        {
            progress = new { status = "InProgress", percentComplete = 40, note = "Đã triển khai" },
            evidence = new[] { new { url = "https://a.vn/bc", documentNumber = "45/BC", documentDate = "2026-01-31" } },
        };
        var first = await reporter.PostJsonAsync("/api/submissions",
            new { obligationId = obligation.ObligationId, content.progress, content.evidence }, idempotencyKey: "audited-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (string)(await first.ReadAsync())["id"]!;
        // The same content again becomes revision 2, saved through EF Core and its audit interceptor.
        var second = await reporter.PostJsonAsync($"/api/submissions/{id}/revisions", content, idempotencyKey: "audited-2");
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        var admin = host.Client(DxRoles.Admin, null, "admin-1");
        async Task<JsonNode> EntryAsync(string type, string entityId)
        {
            var page = await (await admin.GetAsync($"/api/submissions/audit?entityType={type}&entityId={entityId}", ct)).ReadAsync();
            return page["items"]!.AsArray().Single(e => (string)e!["change"]! == "Added")!;
        }
        var raw = await EntryAsync("Revision", $"{id}/1");
        var tracked = await EntryAsync("Revision", $"{id}/2");
        var submission = await EntryAsync("Submission", id);

        Assert.Equal($"reporter-{agency}", (string)raw["actor"]!);
        Assert.Equal((string)tracked["actor"]!, (string)raw["actor"]!);
        Assert.Equal((string)tracked["role"]!, (string)raw["role"]!);
        Assert.Equal((string)tracked["agencyCode"]!, (string)raw["agencyCode"]!);
        Assert.Equal("POST /api/submissions", (string)raw["operation"]!);
        Assert.NotNull(raw["correlationId"]);
        var rawAfter = After(raw);
        var trackedAfter = After(tracked);
        Assert.Equal(Shape(trackedAfter), Shape(rawAfter));
        // Same values but for what makes them different revisions.
        foreach (var field in new[] { "progress", "evidence", "fieldComments", "status", "submittedBy", "isLate", "value" })
            Assert.Equal(trackedAfter[field]?.ToJsonString(), rawAfter[field]?.ToJsonString());
        var submitted = After(submission);
        Assert.Equal(id, (string)submitted["id"]!);
        Assert.Equal("Submitted", (string)submitted["status"]!);
        Assert.Equal(1, (int)submitted["latestRevision"]!);
        Assert.Null(submission["before"]);
    }

    static JsonNode After(JsonNode entry) => JsonNode.Parse((string)entry["after"]!)!;

    /// <summary>Every property name, nested ones as <c>parent.child</c>, in order.</summary>
    static string Shape(JsonNode? node, string prefix = "") => node switch
    {
        JsonObject o => string.Join(",", o.OrderBy(p => p.Key).Select(p => $"{prefix}{p.Key}" + (p.Value is JsonObject or JsonArray
            ? "{" + Shape(p.Value, $"{prefix}{p.Key}.") + "}" : ""))),
        JsonArray a => string.Join(";", a.Select(e => Shape(e, prefix))),
        _ => "",
    };
}
