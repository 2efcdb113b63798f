using DxTrack.TestSupport;
using System.Net;

namespace DxTrack.Submissions.Tests;

[Collection(SubmissionsCollection.Name)]
public sealed class IdempotencyTests(SubmissionsHost host)
{
    [Fact]
    public async Task A_retried_post_with_the_same_key_returns_the_first_response_and_stores_one_revision()
    {
        var agency = $"I{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var reporter = host.Reporter(agency);
        var body = new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 30 } };

        var first = await reporter.PostJsonAsync("/api/submissions", body, idempotencyKey: "key-1");
        var firstText = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await reporter.PostJsonAsync("/api/submissions", body, idempotencyKey: "key-1");
        var secondText = await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(firstText, secondText);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await host.CountAsync("revisions r join submissions s on s.\"Id\" = r.\"SubmissionId\"",
            $"s.\"ObligationId\" = '{obligation.ObligationId}'"));
        Assert.Equal(1, await host.CountAsync("idempotency_keys", "\"Key\" = 'key-1' and \"Caller\" = 'reporter-" + agency + "'"));
    }

    [Fact]
    public async Task The_same_json_with_its_properties_reordered_and_reformatted_is_the_same_request()
    {
        var agency = $"I{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var reporter = host.Reporter(agency);
        var compact = $"{{\"obligationId\":\"{obligation.ObligationId}\",\"progress\":{{\"status\":\"InProgress\"," +
                      "\"percentComplete\":30,\"note\":\"Đã xong\"},\"evidence\":[{\"url\":\"https://a.vn/1\"},{\"url\":\"https://a.vn/2\"}]}";
        var reformatted = $$"""
            {
              "evidence": [ { "url": "https://a.vn/1" }, { "url": "https://a.vn/2" } ],
              "progress": { "note": "\u0110\u00e3 xong", "percentComplete": 30, "status": "InProgress" },
              "obligationId": "{{obligation.ObligationId}}"
            }
            """;
        var evidenceSwapped = compact.Replace("a.vn/1", "a.vn/x").Replace("a.vn/2", "a.vn/1").Replace("a.vn/x", "a.vn/2");

        var first = await reporter.PostRawAsync("/api/submissions", compact, "format-key");
        var retry = await reporter.PostRawAsync("/api/submissions", reformatted, "format-key");
        var reordered = await reporter.PostRawAsync("/api/submissions", evidenceSwapped, "format-key");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        // The order of list items is part of the request: evidence[0] is not evidence[1].
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reordered.StatusCode);
        Assert.Equal(1, await host.CountAsync("revisions r join submissions s on s.\"Id\" = r.\"SubmissionId\"",
            $"s.\"ObligationId\" = '{obligation.ObligationId}'"));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused_naming_the_key()
    {
        var agency = $"I{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var reporter = host.Reporter(agency);

        var first = await reporter.PostJsonAsync("/api/submissions",
            new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 30 } }, "key-2");
        var reused = await reporter.PostJsonAsync("/api/submissions",
            new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 60 } }, "key-2");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await reused.ReadAsync())["errors"]?["Idempotency-Key"]);
        Assert.Equal(1, await host.CountAsync("revisions r join submissions s on s.\"Id\" = r.\"SubmissionId\"",
            $"s.\"ObligationId\" = '{obligation.ObligationId}'"));
    }

    [Fact]
    public async Task Keys_belong_to_their_caller_so_another_caller_with_the_same_key_is_not_replayed()
    {
        var agency = $"I{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var body = new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 30 } };

        var byReporter = await host.Reporter(agency).PostJsonAsync("/api/submissions", body, "shared-key");
        var bySecretariat = await host.Secretariat().PostJsonAsync("/api/submissions", body, "shared-key");

        Assert.Equal(HttpStatusCode.Created, byReporter.StatusCode);
        Assert.Equal(HttpStatusCode.Created, bySecretariat.StatusCode);
        Assert.Equal(2, (int)(await bySecretariat.ReadAsync())["revision"]!);
    }

    [Fact]
    public async Task A_refused_request_keeps_no_key_so_the_corrected_retry_is_applied()
    {
        var agency = $"I{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var reporter = host.Reporter(agency);

        var refused = await reporter.PostJsonAsync("/api/submissions",
            new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 300 } }, "key-3");
        var fixedUp = await reporter.PostJsonAsync("/api/submissions",
            new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 30 } }, "key-3");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fixedUp.StatusCode);
    }

    [Fact]
    public async Task Concurrent_retries_with_the_same_key_store_one_revision_and_get_the_same_answer()
    {
        var agency = $"I{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var body = new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 30 } };

        var responses = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => host.Reporter(agency).PostJsonAsync("/api/submissions", body, "burst-key")));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, await host.CountAsync("revisions r join submissions s on s.\"Id\" = r.\"SubmissionId\"",
            $"s.\"ObligationId\" = '{obligation.ObligationId}'"));
    }

    [Fact]
    public async Task A_retried_acceptance_with_the_same_key_gets_the_first_answer_instead_of_a_conflict()
    {
        var agency = $"I{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var submitted = await host.Reporter(agency).PostJsonAsync("/api/submissions",
            new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 30 } });
        var id = (string)(await submitted.ReadAsync())["id"]!;
        var secretariat = host.Secretariat();

        var first = await secretariat.PostRawAsync($"/api/submissions/{id}/accept", "", "accept-1");
        var retry = await secretariat.PostRawAsync($"/api/submissions/{id}/accept", "", "accept-1");
        var withoutKey = await secretariat.PostRawAsync($"/api/submissions/{id}/accept", "");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Conflict, withoutKey.StatusCode);
        Assert.Equal(1, await host.CountAsync("outbox_messages",
            $"message_type like 'DxTrack.Contracts.SubmissionAccepted,%' and body->>'submissionId' = '{id}'"));
    }

    [Fact]
    public async Task Keys_older_than_their_retention_are_forgotten_by_the_hourly_sweep_and_newer_ones_kept()
    {
        var agency = $"I{Guid.NewGuid():N}"[..12];
        var reporter = host.Reporter(agency);
        foreach (var key in new[] { "old-key", "new-key" })
        {
            var obligation = await host.OpenObligationAsync(agency);
            var answer = await reporter.PostJsonAsync("/api/submissions",
                new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 10 } }, key);
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        }
        var caller = $"\"Caller\" = 'reporter-{agency}'";
        // Eight days old, one more than the default retention.
        await host.Db.ScalarAsync<long>("with aged as (update idempotency_keys set \"CreatedAt\" = \"CreatedAt\" - interval '8 days' " +
                                        $"where {caller} and \"Key\" = 'old-key' returning 1) select count(*) from aged");

        host.Clock.Advance(TimeSpan.FromHours(1));

        await Eventually.Until(async () => await host.CountAsync("idempotency_keys", $"{caller} and \"Key\" = 'old-key'") == 0,
            because: "the hourly sweep removes keys older than Submissions:IdempotencyKeyDays");
        Assert.Equal(1, await host.CountAsync("idempotency_keys", $"{caller} and \"Key\" = 'new-key'"));
    }
}
