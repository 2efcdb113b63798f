using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using DxTrack.AppHost.Infrastructure.Local;
using DxTrack.TestSupport;

namespace DxTrack.EndToEnd.Tests;

/// <summary>
/// The README's curl walk-through, request for request: the same routes, bodies (read from the README,
/// so the two cannot drift apart), tokens from <c>POST /dev/token</c> and idempotency keys, each answer
/// checked against what the README says it is.
/// </summary>
[Collection(DxTrackSystem.Name)]
public sealed class ReadmeWalkThroughTests(DxTrackApp system)
{
    static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);
    static readonly TimeZoneInfo Province = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
    static readonly string Readme = File.ReadAllText(Path.Combine(DxTrackApp.RepositoryRoot(), "README.md"));

    [Fact]
    public async Task The_curl_walk_through_answers_what_the_README_says()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gw = system.AnonymousGateway();
        var vars = new Dictionary<string, string>();
        async Task<string> Token(string body)
        {
            var reply = await Send(gw, HttpMethod.Post, Route("-X POST $GW/dev/token", vars), null, Quoted('\'', body, vars), ct);
            Assert.True(reply.Status == HttpStatusCode.OK, $"A development token: {reply}");
            return reply.Text("accessToken")!;
        }
        var secretariat = await Token("""{"role":"secretariat"}""");
        var viewer = await Token("""{"role":"viewer"}""");

        // 1. The agency: 201, its mobile number normalised; the same request again (a second run) 409.
        var agencyBody = Quoted('\'', """
            {
              "code":"SVHTTDL","name":"Sở Văn hóa, Thể thao và Du lịch","kind":"Department","parentCode":null,
              "contacts":[{"name":"Nguyễn Văn An","email":"an@svhttdl.example.vn","phone":"0912 345 678","isHead":false}]}
            """, vars);
        var agencyRoute = Route("-X POST $GW/api/targets/agencies", vars);
        var agency = await Send(gw, HttpMethod.Post, agencyRoute, secretariat, agencyBody, ct);
        Assert.True(agency.Status == HttpStatusCode.Created, $"Step 1: {agency}");
        Assert.StartsWith("+84", agency.Json?["contacts"]?[0]?["phone"]?.ToString());
        var again = await Send(gw, HttpMethod.Post, agencyRoute, secretariat, agencyBody, ct);
        Assert.True(again.Status == HttpStatusCode.Conflict && again.Text("title") == "The agency already exists.",
            $"Step 1 on a second run: {again}");

        // 2. An obligation for this quarter, due today; the dashboard counts it as open at once.
        var summaryRoute = Route("$GW/api/dashboard/summary", vars);
        var before = await Send(gw, HttpMethod.Get, summaryRoute, viewer, null, ct);
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Province);
        vars["TODAY"] = Shell("TZ=Asia/Ho_Chi_Minh date +%F", now.ToString("yyyy-MM-dd"));
        vars["PERIOD"] = Shell("PERIOD=$(TZ=Asia/Ho_Chi_Minh date +%Y)-Q$(( ($(TZ=Asia/Ho_Chi_Minh date +%-m) + 2) / 3 ))",
            $"{now.Year}-Q{(now.Month + 2) / 3}");
        var obligation = await Send(gw, HttpMethod.Post, Route("-X POST $GW/api/targets/obligations", vars), secretariat,
            Quoted('"', """{\"agencyCode\":\"SVHTTDL\",\"title\":\"Báo cáo tiến độ chuyển đổi số\",\"period\":\"$PERIOD\",\"dueDate\":\"$TODAY\"}""", vars), ct);
        Assert.True(obligation.Status == HttpStatusCode.Created, $"Step 2: {obligation}");
        vars["OBLIGATION"] = obligation.Text("id")!;
        var opened = await Send(gw, HttpMethod.Get, summaryRoute, viewer, null, ct);
        Assert.True(opened.Number("openObligations") == before.Number("openObligations") + 1,
            $"Step 2: the summary should count one more open obligation than {before}, but: {opened}");

        // 3. Notifications: open, with its reminders; the first e-mail at once after 08:00, else at 08:00 today.
        var notificationRoute = Route("$GW/api/notifications/obligations/$OBLIGATION", vars);
        var notification = await Eventually.Until(() => Send(gw, HttpMethod.Get, notificationRoute, secretariat, null, ct),
            reply => reply.Status != HttpStatusCode.NotFound, EventTimeout, "Notifications to learn of the obligation");
        Assert.True(notification.Status == HttpStatusCode.OK && notification.Text("status") == "Open", $"Step 3: {notification}");
        var pending = Reminders(notification);
        Assert.Contains(pending, r => r.Step.StartsWith("overdue-") && r.Channel == "Email");
        Assert.Contains(pending, r => r.Step.StartsWith("overdue-") && r.Channel == "Sms");
        var sendTime = new DateTimeOffset(now.Year, now.Month, now.Day, 8, 0, 0, now.Offset);
        if (now >= sendTime)
        {
            await Eventually.Until(() => MailSubjectsAsync("an@svhttdl.example.vn", ct),
                subjects => subjects.Any(s => s.StartsWith("Nhắc hạn báo cáo")), EventTimeout,
                "the due-day reminder in the mail UI (created after 08:00 it goes at once)");
        }
        else
        {
            var dueDay = Assert.Single(pending, r => r.Step == "due-day");
            Assert.Equal(sendTime, dueDay.SendAt);
        }

        // 4. The report, with the idempotency key named after the obligation; the same request again answers the same.
        var reporter = await Token("""{"role":"reporter","agency":"SVHTTDL"}""");
        var key = Header("-H \"Idempotency-Key: report-$OBLIGATION\"", vars);
        var reportRoute = Route("-X POST $GW/api/submissions", vars);
        var reportBody = Quoted('"', """{\"obligationId\":\"$OBLIGATION\",\"progress\":{\"status\":\"InProgress\",\"percentComplete\":40,\"note\":\"Đã triển khai 40%\"}}""", vars);
        var report = await Eventually.Until(() => Send(gw, HttpMethod.Post, reportRoute, reporter, reportBody, ct, key),
            // A 422 naming obligationId: Submissions has not received the obligation yet, retry (as the README says).
            reply => !(reply.Status == HttpStatusCode.UnprocessableEntity && reply.Body.Contains("obligationId")),
            EventTimeout, "Submissions to learn of the obligation");
        Assert.True(report.Status == HttpStatusCode.Created && report.Number("revision") == 1
            && report.Text("isLate") == "false" && report.Text("status") == "Submitted", $"Step 4: {report}");
        vars["SUBMISSION"] = report.Text("id")!;
        var repeated = await Send(gw, HttpMethod.Post, reportRoute, reporter, reportBody, ct, key);
        Assert.True(repeated.Status == report.Status && repeated.Text("id") == vars["SUBMISSION"], $"Step 4 sent again: {repeated}");

        // 5. Fulfilled in Notifications with nothing pending; one open obligation fewer and one fulfilled more than in step 2.
        Assert.Contains("$GW/api/notifications/obligations/$OBLIGATION -H \"Authorization: Bearer $SECRETARIAT\" | jq '{status, pendingReminders}'", Readme);
        var fulfilled = await Eventually.Until(() => Send(gw, HttpMethod.Get, notificationRoute, secretariat, null, ct),
            reply => reply.Text("status") == "Fulfilled", EventTimeout, "Notifications to mark the obligation Fulfilled");
        Assert.Empty(Reminders(fulfilled));
        await Eventually.Until(() => Send(gw, HttpMethod.Get, summaryRoute, viewer, null, ct),
            reply => reply.Number("openObligations") == opened.Number("openObligations") - 1
                     && reply.Number("fulfilledObligations") == opened.Number("fulfilledObligations") + 1,
            EventTimeout, $"the summary to count the obligation as fulfilled (step 2: {opened})");

        // 6. Another agency's reporter: 403 problem+json.
        var stranger = await Token("""{"role":"reporter","agency":"STTTT"}""");
        var refused = await Send(gw, HttpMethod.Get, Route("$GW/api/submissions/$SUBMISSION", vars), stranger, null, ct);
        Assert.True(refused.Status == HttpStatusCode.Forbidden && refused.ContentType == "application/problem+json", $"Step 6: {refused}");

        // Review: return with a reason, a second revision, the difference, acceptance, the history, compliance.
        var returned = await Send(gw, HttpMethod.Post, Route("-X POST $GW/api/submissions/$SUBMISSION/return", vars), secretariat,
            Quoted('\'', """
                {
                  "reasonCode":"missing-evidence","reason":"Thiếu văn bản báo cáo có số hiệu",
                  "fieldComments":{"evidence":"Đính kèm số và ngày văn bản"},"fixWithinDays":3}
                """, vars), ct);
        Assert.True(returned.Status == HttpStatusCode.OK && returned.Text("status") == "Returned", $"Return: {returned}");
        var revised = await Send(gw, HttpMethod.Post, Route("-X POST $GW/api/submissions/$SUBMISSION/revisions", vars), reporter,
            Quoted('\'', """
                {
                  "progress":{"status":"InProgress","percentComplete":40,"note":"Đã triển khai 40%"},
                  "evidence":[{"url":"https://svhttdl.example.vn/bao-cao-q4","documentNumber":"45/BC-SVHTTDL","documentDate":"'$TODAY'"}]}
                """, vars), ct);
        Assert.True(revised.Status == HttpStatusCode.Created && revised.Number("revision") == 2, $"Revision: {revised}");
        var diff = await Send(gw, HttpMethod.Get, Route("\"$GW/api/submissions/$SUBMISSION/diff?from=1&to=2\"", vars), secretariat, null, ct);
        Assert.True(diff.Status == HttpStatusCode.OK, $"Diff: {diff}");
        var accepted = await Send(gw, HttpMethod.Post, Route("-X POST $GW/api/submissions/$SUBMISSION/accept", vars), secretariat, null, ct);
        Assert.True(accepted.Status == HttpStatusCode.OK && accepted.Text("status") == "Accepted", $"Accept: {accepted}");
        var history = await Send(gw, HttpMethod.Get, Route("$GW/api/submissions/$SUBMISSION", vars), secretariat, null, ct);
        Assert.True(history.Status == HttpStatusCode.OK && history.Json?["revisions"]?.AsArray().Count == 2, $"History: {history}");
        var compliance = await Send(gw, HttpMethod.Get, Route("\"$GW/api/submissions/compliance?agency=SVHTTDL\"", vars), secretariat, null, ct);
        Assert.True(compliance.Status == HttpStatusCode.OK, $"Compliance: {compliance}");
    }

    [Fact]
    public async Task The_plan_walk_through_refuses_to_approve_a_draft_and_approving_after_consultation_opens_40_obligations()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gw = system.AnonymousGateway();
        var vars = new Dictionary<string, string>();
        var token = await Send(gw, HttpMethod.Post, Route("-X POST $GW/dev/token", vars), null, Quoted('\'', """{"role":"secretariat"}""", vars), ct);
        var secretariat = token.Text("accessToken")!;

        var plan = await Send(gw, HttpMethod.Post, Route("-X POST $GW/api/targets/plans", vars), secretariat,
            Quoted('\'', """{"code":"KH-CDS-2024","title":"Kế hoạch chuyển đổi số tỉnh Bắc Kạn năm 2024","startYear":2024,"endYear":2024}""", vars), ct);
        Assert.True(plan.Status == HttpStatusCode.Created, $"Plan: {plan}");
        vars["PLAN"] = plan.Text("id")!;
        var indicator = await Send(gw, HttpMethod.Post, Route("-X POST $GW/api/targets/plans/$PLAN/indicators", vars), secretariat,
            Quoted('\'', """
                {
                  "code":"CQS-01","pillarCode":"CQS","name":"Tỷ lệ TTHC đủ điều kiện được cung cấp DVCTT toàn trình","measure":"Ratio",
                  "numeratorLabel":"Số TTHC cung cấp DVCTT toàn trình","denominatorLabel":"Số TTHC đủ điều kiện",
                  "targetValue":100,"targetDate":"2024-12-31","direction":"Increase","leadAgencyCode":"VP-UBND",
                  "reportingAgencies":["VP-UBND","STTTT"],"reportingKind":"District","frequency":"Quarterly","dueOffsetDays":15}
                """, vars), ct);
        Assert.True(indicator.Status == HttpStatusCode.Created, $"Indicator: {indicator}");

        var approve = Route("-X POST $GW/api/targets/plans/$PLAN/approve", vars);
        var draft = await Send(gw, HttpMethod.Post, approve, secretariat, null, ct);
        Assert.True(draft.Status == HttpStatusCode.Conflict && draft.Text("currentState") == "Draft"
            && draft.Text("requestedState") == "Approved", $"Approving a draft: {draft}");
        var consultation = await Send(gw, HttpMethod.Post, Route("-X POST $GW/api/targets/plans/$PLAN/consultation", vars), secretariat,
            Quoted('\'', """{"agencies":["STTTT","SNV","H-BABE"],"deadline":"2024-01-31"}""", vars), ct);
        Assert.True(consultation.Status == HttpStatusCode.OK, $"Consultation: {consultation}");
        var approved = await Send(gw, HttpMethod.Post, approve, secretariat, null, ct);
        Assert.True(approved.Status == HttpStatusCode.OK && approved.Json?["plan"]?["status"]?.ToString() == "Approved"
            && approved.Number("obligationsOpened") == 40, $"Approving after consultation: {approved}");
        var obligations = await Send(gw, HttpMethod.Get,
            Route("\"$GW/api/targets/obligations?planId=$PLAN&subject=Indicator&agency=STTTT\"", vars), secretariat, null, ct);
        Assert.True(obligations.Status == HttpStatusCode.OK, $"STTTT's obligations: {obligations}");
    }

    /// <summary>A request body as the README writes it inside <paramref name="quote"/>s, with the shell's expansions done.</summary>
    static string Quoted(char quote, string body, IReadOnlyDictionary<string, string> vars)
    {
        var written = body.ReplaceLineEndings("\n").Trim();
        Assert.Contains($"{quote}{written}{quote}", Readme);
        var json = quote == '"' ? written.Replace("\\\"", "\"") : written;
        foreach (var (name, value) in vars.OrderByDescending(v => v.Key.Length))
            json = json.Replace($"'${name}'", value).Replace($"${name}", value);
        return json;
    }

    /// <summary>A route as the README writes it, with <c>$GW</c> and the other variables expanded.</summary>
    static string Route(string written, IReadOnlyDictionary<string, string> vars)
    {
        Assert.Contains(written, Readme);
        var route = written.Replace("-X POST ", "").Trim('"');
        foreach (var (name, value) in vars.OrderByDescending(v => v.Key.Length))
            route = route.Replace($"${name}", value);
        return route.Replace("$GW", "");
    }

    static string Header(string written, IReadOnlyDictionary<string, string> vars)
    {
        Assert.Contains(written, Readme);
        var value = written[(written.IndexOf(':') + 1)..].Trim().TrimEnd('"');
        foreach (var (name, v) in vars) value = value.Replace($"${name}", v);
        return value;
    }

    /// <summary>A shell expansion the README uses, with the value it has now.</summary>
    static string Shell(string written, string value)
    {
        Assert.Contains(written, Readme);
        return value;
    }

    static List<(string Step, string Channel, DateTimeOffset SendAt)> Reminders(Reply reply) =>
        (reply.Json?["pendingReminders"]?.AsArray() ?? [])
        .Select(r => (r!["step"]!.ToString(), r["channel"]!.ToString(), DateTimeOffset.Parse(r["sendAt"]!.ToString())))
        .ToList();

    async Task<List<string>> MailSubjectsAsync(string recipient, CancellationToken ct)
    {
        using var mailUi = new HttpClient { BaseAddress = system.App.GetEndpoint("mail", LocalMailDevResource.WebEndpointName) };
        // maildev 3 (Node 20 and later) serves its API under /api; maildev 2 (Debian 12's Node 18) at the root.
        var mails = new JsonArray();
        foreach (var path in new[] { "/api/email", "/email" })
        {
            using var response = await mailUi.GetAsync(path, ct);
            if (response.StatusCode == HttpStatusCode.NotFound) continue;
            response.EnsureSuccessStatusCode();
            mails = await response.Content.ReadFromJsonAsync<JsonArray>(ct) ?? [];
            break;
        }
        return mails.Where(m => m?["to"]?.AsArray().Any(t => t?["address"]?.ToString() == recipient) == true)
            .Select(m => m!["subject"]!.ToString()).ToList();
    }

    static async Task<Reply> Send(HttpClient client, HttpMethod method, string path, string? bearer, string? json,
        CancellationToken ct, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await client.SendAsync(request, ct);
            return new Reply(method, path, response.StatusCode, await response.Content.ReadAsStringAsync(ct),
                response.Content.Headers.ContentType?.MediaType);
        }
        catch (HttpRequestException e)
        {
            return new Reply(method, path, 0, $"no answer: {e.Message}");
        }
    }
}
