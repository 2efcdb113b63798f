using System.Net;
using DxTrack.Contracts;
using DxTrack.TestSupport;

namespace DxTrack.Submissions.Tests;

[Collection(SubmissionsCollection.Name)]
public sealed class ReviewTests(SubmissionsHost host)
{
    [Fact]
    public async Task Returned_report_is_fixed_in_a_new_revision_accepted_and_its_history_kept()
    {
        var agency = $"V{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency, ObligationSubject.Indicator, Measure.Ratio);
        var reporter = host.Reporter(agency);
        var secretariat = host.Secretariat();

        var submitted = await reporter.PostJsonAsync("/api/submissions", new
        {
            obligationId = obligation.ObligationId,
            value = new { numerator = 120, denominator = 150 },
            evidence = new[] { new { url = "https://dichvucong.backan.gov.vn/report", documentNumber = (string?)null } },
        });
        var id = (string)(await submitted.ReadAsync())["id"]!;

        var returned = await secretariat.PostJsonAsync($"/api/submissions/{id}/return", new
        {
            reasonCode = "wrong-figure",
            reason = "Mẫu số không khớp với danh mục TTHC",
            fieldComments = new Dictionary<string, string> { ["value.denominator"] = "Danh mục có 160 thủ tục" },
            fixWithinDays = 3,
        });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        Assert.Equal("Returned", (string)(await returned.ReadAsync())["status"]!);

        var fixedUp = await reporter.PostJsonAsync($"/api/submissions/{id}/revisions", new
        {
            value = new { numerator = 120, denominator = 160 },
            evidence = new[] { new { url = "https://dichvucong.backan.gov.vn/report", documentNumber = "45/BC-STTTT" } },
        });
        Assert.Equal(HttpStatusCode.Created, fixedUp.StatusCode);
        Assert.Equal(2, (int)(await fixedUp.ReadAsync())["revision"]!);

        var accepted = await secretariat.PostAsync($"/api/submissions/{id}/accept", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var acceptance = await accepted.ReadAsync();
        Assert.Equal(2, (int)acceptance["revision"]!);
        Assert.True((bool)acceptance["onTime"]!);

        var detail = await (await reporter.GetAsync($"/api/submissions/{id}", TestContext.Current.CancellationToken)).ReadAsync();
        var revisions = detail["revisions"]!.AsArray();
        Assert.Equal(2, revisions.Count);
        Assert.Equal("Returned", (string)revisions[0]!["status"]!);
        Assert.Equal("wrong-figure", (string)revisions[0]!["returnReasonCode"]!);
        Assert.Equal("Danh mục có 160 thủ tục", (string)revisions[0]!["fieldComments"]!["value.denominator"]!);
        Assert.Equal(150m, (decimal)revisions[0]!["value"]!["denominator"]!);
        Assert.Equal("Accepted", (string)revisions[1]!["status"]!);
        Assert.Equal(2, (int)detail["submission"]!["acceptedRevision"]!);

        var diff = await (await secretariat.GetAsync($"/api/submissions/{id}/diff?from=1&to=2",
            TestContext.Current.CancellationToken)).ReadAsync();
        var changes = diff["changes"]!.AsArray().Select(c => (string)c!["field"]!).ToList();
        Assert.Equal(["value.denominator", "evidence[0].documentNumber"], changes.Order().Reverse().ToList());

        await Eventually.Until(async () => await host.CountAsync("outbox_messages",
            $"body->>'submissionId' = '{id}' and dispatched_at is not null") == 4,
            because: "received, returned, received, accepted should all be published");
        Assert.Equal("SubmissionReceived:1 SubmissionReturned:1 SubmissionReceived:2 SubmissionAccepted:2:onTime=true",
            await EventsAsync(id));
        Assert.Equal(1, await host.CountAsync("outbox_messages",
            $"message_type like 'DxTrack.Contracts.SubmissionAccepted,%' and body->>'submissionId' = '{id}' " +
            "and (body->>'revision')::int = 2 and (body->'value'->>'denominator')::numeric = 160 and (body->>'onTime')::bool"));
        Assert.Equal(1, await host.CountAsync("outbox_messages",
            $"message_type like 'DxTrack.Contracts.SubmissionReturned,%' and body->>'submissionId' = '{id}' " +
            "and (body->>'revision')::int = 1 and body->'acceptedRevision' = 'null'::jsonb"));
    }

    [Fact]
    public async Task Illegal_review_transitions_are_refused_with_409()
    {
        var agency = $"V{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var secretariat = host.Secretariat();
        var id = await SubmitAsync(agency, obligation.ObligationId, 20);

        Assert.Equal(HttpStatusCode.OK, (await secretariat.PostAsync($"/api/submissions/{id}/accept", null,
            TestContext.Current.CancellationToken)).StatusCode);
        var acceptTwice = await secretariat.PostAsync($"/api/submissions/{id}/accept", null, TestContext.Current.CancellationToken);
        var returnAccepted = await secretariat.PostJsonAsync($"/api/submissions/{id}/return",
            new { reasonCode = "other", reason = "changed my mind" });

        Assert.Equal(HttpStatusCode.Conflict, acceptTwice.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, returnAccepted.StatusCode);
        Assert.Equal("application/problem+json", returnAccepted.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await host.CountAsync("revisions", $"\"SubmissionId\" = '{id}' and \"Status\" = 'Accepted'"));
    }

    [Fact]
    public async Task A_report_whose_obligation_was_cancelled_can_be_neither_returned_nor_accepted()
    {
        var agency = $"V{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var id = await SubmitAsync(agency, obligation.ObligationId, 20);
        await host.CancelAsync(obligation);
        var secretariat = host.Secretariat();

        var returned = await secretariat.PostJsonAsync($"/api/submissions/{id}/return",
            new { reasonCode = "other", reason = "Sai số liệu" });
        var accepted = await secretariat.PostAsync($"/api/submissions/{id}/accept", null, TestContext.Current.CancellationToken);

        foreach (var refused in new[] { returned, accepted })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull((await refused.ReadAsync())["errors"]?["obligationId"]);
        }
        Assert.Equal(1, await host.CountAsync("revisions", $"\"SubmissionId\" = '{id}' and \"Status\" = 'Submitted'"));
        Assert.Equal("SubmissionReceived:1", await EventsAsync(id));
    }

    [Fact]
    public async Task Simultaneous_reviews_and_reports_let_one_win_and_tell_the_others_which_field_conflicts()
    {
        var agency = $"V{Guid.NewGuid():N}"[..12];
        var ct = TestContext.Current.CancellationToken;

        var obligation = await host.OpenObligationAsync(agency);
        var firstReports = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => host.Reporter(agency).PostJsonAsync(
            "/api/submissions", new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 10 + i } })));
        var id = (string)(await firstReports.First(r => r.StatusCode == HttpStatusCode.Created).ReadAsync())["id"]!;
        var revisions = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => host.Reporter(agency).PostJsonAsync(
            $"/api/submissions/{id}/revisions", new { progress = new { status = "InProgress", percentComplete = 50 + i } })));
        var reviews = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            host.Secretariat().PostAsync($"/api/submissions/{id}/accept", null, ct)));

        await AssertConflictsName("obligationId", firstReports, HttpStatusCode.Created);
        await AssertConflictsName("id", revisions, HttpStatusCode.Created);
        await AssertConflictsName("revision", reviews, HttpStatusCode.OK);
        Assert.Single(reviews, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(1, await host.CountAsync("revisions", $"\"SubmissionId\" = '{id}' and \"Status\" = 'Accepted'"));
        Assert.Equal(1, await host.CountAsync("submissions", $"\"ObligationId\" = '{obligation.ObligationId}'"));

        // Whatever the interleaving, each answer is a success or a 409 naming the field it conflicts on.
        static async Task AssertConflictsName(string field, HttpResponseMessage[] responses, HttpStatusCode success)
        {
            foreach (var response in responses.Where(r => r.StatusCode != success))
            {
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.NotNull((await response.ReadAsync())["errors"]?[field]);
            }
        }
    }

    [Fact]
    public async Task A_correction_after_acceptance_is_a_new_revision_that_replaces_the_old_one_once_accepted()
    {
        var agency = $"V{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var secretariat = host.Secretariat();
        var id = await SubmitAsync(agency, obligation.ObligationId, 20);
        await secretariat.PostAsync($"/api/submissions/{id}/accept", null, TestContext.Current.CancellationToken);

        var correction = await host.Reporter(agency).PostJsonAsync("/api/submissions", new
        {
            obligationId = obligation.ObligationId,
            progress = new { status = "InProgress", percentComplete = 25, note = "Sửa số liệu" },
        });
        Assert.Equal(2, (int)(await correction.ReadAsync())["revision"]!);
        var pending = await (await secretariat.GetAsync($"/api/submissions/{id}", TestContext.Current.CancellationToken)).ReadAsync();
        Assert.Equal(1, (int)pending["submission"]!["acceptedRevision"]!);

        await secretariat.PostAsync($"/api/submissions/{id}/accept", null, TestContext.Current.CancellationToken);
        var detail = await (await secretariat.GetAsync($"/api/submissions/{id}", TestContext.Current.CancellationToken)).ReadAsync();
        Assert.Equal(2, (int)detail["submission"]!["acceptedRevision"]!);
        Assert.Equal("Accepted", (string)detail["revisions"]![0]!["status"]!);
        Assert.Equal(25, (int)detail["revisions"]![1]!["progress"]!["percentComplete"]!);
    }

    [Fact]
    public async Task A_correction_after_acceptance_returned_and_fixed_after_its_fix_date_leaves_the_report_on_time()
    {
        var agency = $"V{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var reporter = host.Reporter(agency);
        var secretariat = host.Secretariat();
        var ct = TestContext.Current.CancellationToken;
        var id = await SubmitAsync(agency, obligation.ObligationId, 20);
        Assert.Equal(HttpStatusCode.OK, (await secretariat.PostAsync($"/api/submissions/{id}/accept", null, ct)).StatusCode);

        var correction = await reporter.PostJsonAsync($"/api/submissions/{id}/revisions",
            new { progress = new { status = "InProgress", percentComplete = 25 } });
        Assert.Equal(2, (int)(await correction.ReadAsync())["revision"]!);
        var returned = await secretariat.PostJsonAsync($"/api/submissions/{id}/return",
            new { reasonCode = "wrong-figure", reason = "Sai tỷ lệ", fixWithinDays = 1 });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        var fixBy = (DateTimeOffset)(await returned.ReadAsync())["fixBy"]!;

        host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.True(host.Clock.GetUtcNow() > fixBy);
        var lateFix = await reporter.PostJsonAsync($"/api/submissions/{id}/revisions",
            new { progress = new { status = "InProgress", percentComplete = 30 } });
        Assert.Equal(3, (int)(await lateFix.ReadAsync())["revision"]!);
        var accepted = await (await secretariat.PostAsync($"/api/submissions/{id}/accept", null, ct)).ReadAsync();

        Assert.Equal(3, (int)accepted["revision"]!);
        Assert.True((bool)accepted["onTime"]!);
        Assert.Equal("SubmissionReceived:1 SubmissionAccepted:1:onTime=true SubmissionReceived:2 SubmissionReturned:2 " +
                     "SubmissionReceived:3 SubmissionAccepted:3:onTime=true", await EventsAsync(id));
        // The returned correction names the accepted revision that still counts; the first report's return would not.
        Assert.Equal(1, await host.CountAsync("outbox_messages",
            $"message_type like 'DxTrack.Contracts.SubmissionReturned,%' and body->>'submissionId' = '{id}' " +
            "and (body->>'revision')::int = 2 and (body->>'acceptedRevision')::int = 1"));
        var compliance = await (await secretariat.GetAsync($"/api/submissions/compliance?agency={agency}", ct)).ReadAsync();
        Assert.Equal(1, (int)compliance["overall"]!["fulfilledOnTime"]!);
        Assert.Equal(1m, (decimal)compliance["overall"]!["timeliness"]!);
    }

    [Fact]
    public async Task A_revision_sent_before_review_supersedes_the_pending_one()
    {
        var agency = $"V{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var id = await SubmitAsync(agency, obligation.ObligationId, 20);
        await SubmitAsync(agency, obligation.ObligationId, 30);

        var detail = await (await host.Secretariat().GetAsync($"/api/submissions/{id}", TestContext.Current.CancellationToken)).ReadAsync();
        Assert.Equal("Superseded", (string)detail["revisions"]![0]!["status"]!);
        Assert.Equal("Submitted", (string)detail["revisions"]![1]!["status"]!);
    }

    [Fact]
    public async Task A_return_needs_a_configured_reason_code_and_only_the_secretariat_reviews()
    {
        var agency = $"V{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var id = await SubmitAsync(agency, obligation.ObligationId, 20);

        var unknownReason = await host.Secretariat().PostJsonAsync($"/api/submissions/{id}/return",
            new { reasonCode = "too-late", reason = "x" });
        var tooLong = await host.Secretariat().PostJsonAsync($"/api/submissions/{id}/return",
            new { reasonCode = "incomplete", reason = "x", fixWithinDays = 400 });
        var byReporter = await host.Reporter(agency).PostAsync($"/api/submissions/{id}/accept", null,
            TestContext.Current.CancellationToken);
        var unknown = await host.Secretariat().PostAsync($"/api/submissions/{Guid.NewGuid()}/accept", null,
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, unknownReason.StatusCode);
        Assert.NotNull((await unknownReason.ReadAsync())["errors"]?["reasonCode"]);
        Assert.NotNull((await tooLong.ReadAsync())["errors"]?["fixWithinDays"]);
        Assert.Equal(HttpStatusCode.Forbidden, byReporter.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(1, await host.CountAsync("revisions", $"\"SubmissionId\" = '{id}' and \"Status\" = 'Submitted'"));
    }

    /// <summary>The submission's events in the outbox, in order: type, revision and (on acceptance) on time.</summary>
    Task<string> EventsAsync(string id) => host.Db.ScalarAsync<string>(
        "select string_agg(split_part(split_part(message_type, ',', 1), '.', 3) || ':' || (body->>'revision') || " +
        "coalesce(':onTime=' || (body->>'onTime'), ''), ' ' order by sequence) " +
        $"from outbox_messages where body->>'submissionId' = '{id}'");

    async Task<string> SubmitAsync(string agency, Guid obligationId, int percent)
    {
        var response = await host.Reporter(agency).PostJsonAsync("/api/submissions", new
        {
            obligationId,
            progress = new { status = "InProgress", percentComplete = percent },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadAsync())["id"]!;
    }
}
