using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;

namespace DxTrack.Submissions.Tests;

/// <summary>Every malformed or forbidden report gets a 4xx problem naming the field, and stores nothing.</summary>
[Collection(SubmissionsCollection.Name)]
public sealed class RefusedSubmissionTests(SubmissionsHost host)
{
    sealed record Case(string Name, string Body, int Status, string? Field, string Caller = "A",
        string Url = "/api/submissions", string ContentType = "application/json", string? Key = null);

    const string Progress = "\"progress\":{\"status\":\"InProgress\",\"percentComplete\":40}";

    static string Task(string rest) => $"{{\"obligationId\":\"{{task}}\",{rest}}}";
    static string On(string obligation, string rest) => $"{{\"obligationId\":\"{{{obligation}}}\",{rest}}}";
    static string Evidence(string items) => Task($"{Progress},\"evidence\":{items}");

    static readonly string Long2001 = new('n', 2001);
    static readonly string Long10001 = new('f', 10_001);
    static readonly string Long101 = new('9', 101);
    static readonly string Long301 = new('t', 301);
    static readonly string Url2001 = "https://stttt.gov.vn/" + new string('u', 2001 - "https://stttt.gov.vn/".Length);
    static readonly string TwentyOne = "[" + string.Join(",", Enumerable.Repeat("{\"url\":\"https://stttt.gov.vn/a\"}", 21)) + "]";

    static IEnumerable<Case> Cases() =>
    [
        // The obligation: missing, unreadable, unknown, someone else's, closed.
        new("empty object", "{}", 400, "obligationId"),
        new("null obligation id", $"{{\"obligationId\":null,{Progress}}}", 400, "obligationId"),
        new("obligation id not a guid", $"{{\"obligationId\":\"abc\",{Progress}}}", 400, "obligationId"),
        new("obligation id a number", $"{{\"obligationId\":42,{Progress}}}", 400, "obligationId"),
        new("not json at all", "this is not json", 400, "body"),
        new("truncated json", "{\"obligationId\":", 400, null),
        new("json array instead of object", "[]", 400, "body"),
        new("json null body", "null", 400, "body"),
        new("unknown obligation", On("unknown", Progress), 422, "obligationId"),
        new("another agency's obligation", On("other", Progress), 403, "obligationId"),
        new("cancelled obligation", On("cancelled", Progress), 409, "obligationId"),
        new("unknown top-level field", Task($"{Progress},\"extra\":1"), 400, "extra"),
        new("not json content type", Task(Progress), 415, null, ContentType: "text/plain"),

        // Task progress.
        new("task without progress", "{\"obligationId\":\"{task}\"}", 400, "progress"),
        new("progress without status", Task("\"progress\":{\"percentComplete\":40}"), 400, "progress.status"),
        new("unknown progress status", Task("\"progress\":{\"status\":\"Flying\",\"percentComplete\":40}"), 400, "progress.status"),
        new("progress status as a number", Task("\"progress\":{\"status\":1,\"percentComplete\":40}"), 400, "progress.status"),
        new("percent complete below 0", Task("\"progress\":{\"status\":\"InProgress\",\"percentComplete\":-1}"), 400, "progress.percentComplete"),
        new("percent complete above 100", Task("\"progress\":{\"status\":\"InProgress\",\"percentComplete\":101}"), 400, "progress.percentComplete"),
        new("percent complete not whole", Task("\"progress\":{\"status\":\"InProgress\",\"percentComplete\":40.5}"), 400, "progress.percentComplete"),
        new("percent complete missing", Task("\"progress\":{\"status\":\"InProgress\"}"), 400, "progress.percentComplete"),
        new("completed but not 100%", Task("\"progress\":{\"status\":\"Completed\",\"percentComplete\":90}"), 400, "progress.percentComplete"),
        new("not started but 10%", Task("\"progress\":{\"status\":\"NotStarted\",\"percentComplete\":10}"), 400, "progress.percentComplete"),
        new("blocked without a note", Task("\"progress\":{\"status\":\"Blocked\",\"percentComplete\":10}"), 400, "progress.note"),
        new("note too long", Task($"\"progress\":{{\"status\":\"InProgress\",\"percentComplete\":10,\"note\":\"{Long2001}\"}}"), 400, "progress.note"),
        new("unknown progress field", Task("\"progress\":{\"status\":\"InProgress\",\"percentComplete\":10,\"eta\":\"soon\"}"), 400, "progress.eta"),
        new("progress is a string", Task("\"progress\":\"half done\""), 400, "progress"),
        new("task with an indicator value", Task($"{Progress},\"value\":{{\"percent\":5}}"), 400, "value"),
        new("task with feedback", Task($"{Progress},\"feedback\":\"ok\""), 400, "feedback"),

        // Ratio indicator.
        new("ratio without value", On("ratio", "\"evidence\":[]"), 400, "value"),
        new("ratio without denominator", On("ratio", "\"value\":{\"numerator\":3}"), 400, "value.denominator"),
        new("ratio without numerator", On("ratio", "\"value\":{\"denominator\":3}"), 400, "value.numerator"),
        new("ratio denominator zero", On("ratio", "\"value\":{\"numerator\":0,\"denominator\":0}"), 400, "value.denominator"),
        new("ratio numerator above denominator", On("ratio", "\"value\":{\"numerator\":11,\"denominator\":10}"), 400, "value.numerator"),
        new("ratio numerator negative", On("ratio", "\"value\":{\"numerator\":-1,\"denominator\":10}"), 400, "value.numerator"),
        new("ratio denominator negative", On("ratio", "\"value\":{\"numerator\":1,\"denominator\":-5}"), 400, "value.denominator"),
        new("ratio with a percent too", On("ratio", "\"value\":{\"numerator\":1,\"denominator\":10,\"percent\":10}"), 400, "value.percent"),
        new("ratio with done", On("ratio", "\"value\":{\"numerator\":1,\"denominator\":10,\"done\":true}"), 400, "value.done"),
        new("ratio numerator as text", On("ratio", "\"value\":{\"numerator\":\"three\",\"denominator\":10}"), 400, "value.numerator"),
        new("ratio with progress", On("ratio", $"\"value\":{{\"numerator\":1,\"denominator\":10}},{Progress}"), 400, "progress"),
        new("unknown value field", On("ratio", "\"value\":{\"numerator\":1,\"denominator\":10,\"unit\":\"%\"}"), 400, "value.unit"),

        // Percent, count, milestone indicators.
        new("percent above 100", On("percent", "\"value\":{\"percent\":100.5}"), 400, "value.percent"),
        new("percent negative", On("percent", "\"value\":{\"percent\":-0.5}"), 400, "value.percent"),
        new("percent with a count", On("percent", "\"value\":{\"percent\":50,\"count\":3}"), 400, "value.count"),
        new("percent missing", On("percent", "\"value\":{}"), 400, "value.percent"),
        new("count not whole", On("count", "\"value\":{\"count\":2.5}"), 400, "value.count"),
        new("count negative", On("count", "\"value\":{\"count\":-3}"), 400, "value.count"),
        new("count with a numerator", On("count", "\"value\":{\"count\":3,\"numerator\":1}"), 400, "value.numerator"),
        new("count as boolean", On("count", "\"value\":{\"count\":true}"), 400, "value.count"),
        new("milestone done as text", On("milestone", "\"value\":{\"done\":\"yes\"}"), 400, "value.done"),
        new("milestone without done", On("milestone", "\"value\":{}"), 400, "value.done"),
        new("milestone with a percent", On("milestone", "\"value\":{\"done\":true,\"percent\":100}"), 400, "value.percent"),

        // An indicator whose measure the replica does not know: one measure's fields, and only those.
        new("unknown measure, empty value", On("nomeasure", "\"value\":{}"), 400, "value"),
        new("unknown measure, ratio mixed with a percent", On("nomeasure", "\"value\":{\"numerator\":1,\"denominator\":2,\"percent\":50}"), 400, "value.percent"),
        new("unknown measure, count mixed with done", On("nomeasure", "\"value\":{\"count\":3,\"done\":true}"), 400, "value.done"),
        new("unknown measure, numerator alone", On("nomeasure", "\"value\":{\"numerator\":1}"), 400, "value.denominator"),
        new("unknown measure, percent out of range", On("nomeasure", "\"value\":{\"percent\":120}"), 400, "value.percent"),

        // Consultation feedback.
        new("consultation without feedback", On("consult", "\"evidence\":[]"), 400, "feedback"),
        new("consultation blank feedback", On("consult", "\"feedback\":\"   \""), 400, "feedback"),
        new("consultation feedback too long", On("consult", $"\"feedback\":\"{Long10001}\""), 400, "feedback"),
        new("consultation with a value", On("consult", "\"feedback\":\"ok\",\"value\":{\"percent\":1}"), 400, "value"),
        new("consultation feedback as number", On("consult", "\"feedback\":12"), 400, "feedback"),

        // Evidence.
        new("too much evidence", Evidence(TwentyOne), 400, "evidence"),
        new("evidence item empty", Evidence("[{}]"), 400, "evidence[0]"),
        new("evidence ftp link", Evidence("[{\"url\":\"ftp://stttt.gov.vn/a\"}]"), 400, "evidence[0].url"),
        new("evidence relative link", Evidence("[{\"url\":\"/docs/a.pdf\"}]"), 400, "evidence[0].url"),
        new("evidence javascript link", Evidence("[{\"url\":\"javascript:alert(1)\"}]"), 400, "evidence[0].url"),
        new("second evidence item bad", Evidence("[{\"url\":\"https://a.vn\"},{\"url\":\"mailto:a@b.vn\"}]"), 400, "evidence[1].url"),
        new("evidence link too long", Evidence($"[{{\"url\":\"{Url2001}\"}}]"), 400, "evidence[0].url"),
        new("evidence title too long", Evidence($"[{{\"url\":\"https://a.vn\",\"title\":\"{Long301}\"}}]"), 400, "evidence[0].title"),
        new("document number too long", Evidence($"[{{\"documentNumber\":\"{Long101}\"}}]"), 400, "evidence[0].documentNumber"),
        new("document date in the future", Evidence("[{\"documentNumber\":\"12/QĐ-UBND\",\"documentDate\":\"2999-01-01\"}]"), 400, "evidence[0].documentDate"),
        new("document date unreadable", Evidence("[{\"documentNumber\":\"12/QĐ-UBND\",\"documentDate\":\"31/12/2026\"}]"), 400, "evidence[0].documentDate"),
        new("document date without number", Evidence("[{\"url\":\"https://a.vn\",\"documentDate\":\"2023-03-07\"}]"), 400, "evidence[0].documentDate"),
        new("null evidence item", Evidence("[null]"), 400, "evidence[0]"),
        new("evidence not a list", Evidence("\"see attachment\""), 400, "evidence"),
        new("unknown evidence field", Evidence("[{\"url\":\"https://a.vn\",\"size\":3}]"), 400, "evidence[0].size"),

        // Who may submit.
        new("viewer may not submit", Task(Progress), 403, null, Caller: "viewer"),
        new("reporter without an agency", Task(Progress), 403, "obligationId", Caller: "noagency"),
        new("reporter of another agency", Task(Progress), 403, "obligationId", Caller: "B"),
        new("anonymous caller", Task(Progress), 401, null, Caller: "anonymous"),
        new("idempotency key too long", Task(Progress), 400, "Idempotency-Key", Key: new string('k', 201)),
        new("idempotency key blank", Task(Progress), 400, "Idempotency-Key", Key: " "),

        // Revisions of an existing submission.
        new("revision of an unknown submission", Task(Progress), 404, "id", Url: "/api/submissions/{unknownSubmission}/revisions"),
        new("revision naming another obligation", On("ratio", "\"value\":{\"numerator\":1,\"denominator\":2}"), 422, "obligationId", Url: "/api/submissions/{submission}/revisions"),
        new("revision by another agency", Task(Progress), 403, "id", Caller: "B", Url: "/api/submissions/{submission}/revisions"),
        new("revision breaking the rules", "{\"progress\":{\"status\":\"InProgress\",\"percentComplete\":140}}", 400, "progress.percentComplete", Url: "/api/submissions/{submission}/revisions"),
        new("revision of a submission id that is not a guid", Task(Progress), 404, null, Url: "/api/submissions/xyz/revisions"),
        new("revision on a cancelled obligation", $"{{{Progress}}}", 409, "obligationId", Url: "/api/submissions/{cancelledSubmission}/revisions"),

        // Review of a report whose obligation was cancelled.
        new("return on a cancelled obligation", "{\"reasonCode\":\"other\",\"reason\":\"Sai số\"}", 409, "obligationId",
            Caller: "secretariat", Url: "/api/submissions/{cancelledSubmission}/return"),
        new("accept on a cancelled obligation", "", 409, "obligationId",
            Caller: "secretariat", Url: "/api/submissions/{cancelledSubmission}/accept"),
    ];

    [Fact]
    public async Task Every_malformed_or_forbidden_submission_gets_a_problem_naming_the_field_and_stores_nothing()
    {
        var a = $"RA{Guid.NewGuid():N}"[..12];
        var b = $"RB{Guid.NewGuid():N}"[..12];
        var ids = new Dictionary<string, string>
        {
            ["task"] = (await host.OpenObligationAsync(a)).ObligationId.ToString(),
            ["ratio"] = (await host.OpenObligationAsync(a, ObligationSubject.Indicator, Measure.Ratio)).ObligationId.ToString(),
            ["percent"] = (await host.OpenObligationAsync(a, ObligationSubject.Indicator, Measure.Percent)).ObligationId.ToString(),
            ["count"] = (await host.OpenObligationAsync(a, ObligationSubject.Indicator, Measure.Count)).ObligationId.ToString(),
            ["milestone"] = (await host.OpenObligationAsync(a, ObligationSubject.Indicator, Measure.Milestone)).ObligationId.ToString(),
            ["consult"] = (await host.OpenObligationAsync(a, ObligationSubject.Consultation)).ObligationId.ToString(),
            ["other"] = (await host.OpenObligationAsync(b)).ObligationId.ToString(),
            ["unknown"] = Guid.NewGuid().ToString(),
            ["unknownSubmission"] = Guid.NewGuid().ToString(),
        };
        ids["nomeasure"] = (await host.OpenAsync(IndicatorOfUnknownMeasure(a))).ObligationId.ToString();
        var cancelled = await host.OpenObligationAsync(a);
        await host.CancelAsync(cancelled);
        ids["cancelled"] = cancelled.ObligationId.ToString();

        // Submissions of their own for the revision and review cases, one on an obligation cancelled since.
        ids["submission"] = await SubmitAsync(a, await host.OpenObligationAsync(a));
        var cancelledLater = await host.OpenObligationAsync(a);
        ids["cancelledSubmission"] = await SubmitAsync(a, cancelledLater);
        await host.CancelAsync(cancelledLater);

        var clients = new Dictionary<string, HttpClient>
        {
            ["A"] = host.Reporter(a),
            ["B"] = host.Reporter(b),
            ["viewer"] = host.Client(DxRoles.Viewer, null, "viewer-1"),
            ["noagency"] = host.Client(DxRoles.Reporter, null, "reporter-without-agency"),
            ["anonymous"] = host.App.CreateClient(),
            ["secretariat"] = host.Secretariat(),
        };

        var cases = Cases().ToList();
        Assert.True(cases.Count >= 50, $"only {cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
        var before = await SnapshotAsync();
        var failures = new List<string>();

        foreach (var c in cases)
        {
            var body = ids.Aggregate(c.Body, (text, id) => text.Replace($"{{{id.Key}}}", id.Value));
            var url = ids.Aggregate(c.Url, (text, id) => text.Replace($"{{{id.Key}}}", id.Value));
            var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(body, Encoding.UTF8, c.ContentType),
            };
            if (c.Key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", c.Key);
            var response = await clients[c.Caller].SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            if ((int)response.StatusCode != c.Status)
            {
                failures.Add($"{c.Name}: expected {c.Status}, got {(int)response.StatusCode} {text}");
                continue;
            }
            if (c.Status != 401 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{c.Name}: not problem+json but {response.Content.Headers.ContentType} {text}");
                continue;
            }
            if (c.Field is not null)
            {
                var errors = text.Length > 0 ? JsonNode.Parse(text)?["errors"]?.AsObject() : null;
                if (errors is null || !errors.ContainsKey(c.Field))
                    failures.Add($"{c.Name}: field '{c.Field}' not named in {text}");
            }
            if (await SnapshotAsync() is var after && after != before)
                failures.Add($"{c.Name}: the database changed from\n  {before}\nto\n  {after}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures));

        // The snapshot does see a change: an accepted request alters it.
        var accepted = await clients["A"].PostRawAsync($"/api/submissions/{ids["submission"]}/revisions", $"{{{Progress}}}");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.NotEqual(before, await SnapshotAsync());
    }

    [Fact]
    public async Task An_indicator_of_unknown_measure_takes_the_fields_of_one_measure()
    {
        var agency = $"RM{Guid.NewGuid():N}"[..12];
        var reporter = host.Reporter(agency);

        foreach (var value in new[] { "{\"numerator\":3,\"denominator\":4}", "{\"percent\":75}", "{\"count\":3}", "{\"done\":true}" })
        {
            var obligation = await host.OpenAsync(IndicatorOfUnknownMeasure(agency));
            var response = await reporter.PostRawAsync("/api/submissions",
                $"{{\"obligationId\":\"{obligation.ObligationId}\",\"value\":{value}}}");
            Assert.True(response.StatusCode == HttpStatusCode.Created,
                $"{value}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        }
    }

    ObligationOpened IndicatorOfUnknownMeasure(string agency) => new(Guid.NewGuid(), agency, ObligationSubject.Indicator,
        Guid.NewGuid(), "CQS-00", "Chỉ tiêu chưa rõ cách đo", "2026-Q4", host.Clock.GetUtcNow().AddDays(10), null,
        host.Clock.GetUtcNow());

    async Task<string> SubmitAsync(string agency, ObligationOpened obligation)
    {
        var created = await host.Reporter(agency).PostRawAsync("/api/submissions",
            $"{{\"obligationId\":\"{obligation.ObligationId}\",{Progress}}}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (string)(await created.ReadAsync())["id"]!;
    }

    /// <summary>
    /// Row count and a content hash of every table a request could change. Rows are hashed whole with the
    /// version PostgreSQL gives each row (xmin), so even an update that rewrites the same values shows.
    /// Outbox rows are hashed without their dispatch columns, which the dispatcher fills in on its own time.
    /// </summary>
    Task<string> SnapshotAsync()
    {
        static string Table(string table, string orderBy, string row = "t::text || '@' || t.xmin") =>
            $"'{table} ' || (select count(*) || ':' || md5(coalesce(string_agg({row}, E'\\n' order by {orderBy}), '')) from {table} t)";
        return host.Db.ScalarAsync<string>("select concat_ws(' | ', " + string.Join(", ",
            Table("submissions", "t.\"Id\""),
            Table("revisions", "t.\"SubmissionId\", t.\"Number\""),
            Table("idempotency_keys", "t.\"Caller\", t.\"Key\""),
            Table("obligations", "t.\"Id\""),
            Table("agencies", "t.\"Code\""),
            Table("audit_entries", "t.id"),
            Table("outbox_messages", "t.sequence",
                "concat_ws('|', t.sequence, t.message_id, t.message_type, t.body::text, t.aggregate_key, t.trace_parent, t.created_at)")) + ")");
    }
}
