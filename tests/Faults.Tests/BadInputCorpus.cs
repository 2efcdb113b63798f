using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace DxTrack.Faults.Tests;

/// <summary>
/// Requests no correct client sends, for every public endpoint behind the gateway: a corpus generated
/// from valid-shaped bodies (each field in turn given a value of the wrong JSON kind) plus hand-written
/// cases — broken JSON, huge and negative numbers, unknown enum values, injection strings, a 10 MB
/// body, path traversal, other agencies' ids, missing or forged credentials.
/// </summary>
public static class BadInputCorpus
{
    /// <summary>One bad request: who sends it (a role and agency, or nobody) and what.</summary>
    public sealed record Case(string Name, string? Role, string? Agency, HttpMethod Method, string Path, string? Body,
        string ContentType = "application/json", Action<HttpRequestMessage>? Headers = null)
    {
        public HttpRequestMessage ToRequest()
        {
            var request = new HttpRequestMessage(Method, Path);
            if (Body is not null) request.Content = new StringContent(Body, Encoding.UTF8, MediaTypeHeaderValue.Parse(ContentType));
            Headers?.Invoke(request);
            return request;
        }

        public override string ToString() => $"{Name}: {Method} {Path}";
    }

    /// <summary>Ids the corpus aims at: agency A's reporter attacks agency B's things; P is a draft plan.</summary>
    public sealed record Targets(string AgencyA, string AgencyB, Guid ObligationA, Guid ObligationB, Guid SubmissionB, Guid PlanP);

    public static List<Case> Build(Targets t)
    {
        var cases = new List<Case>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        var year = DateTime.UtcNow.Year;
        var unknown = Guid.NewGuid();

        // Valid-shaped bodies of every endpoint that takes one, with the caller allowed to send it.
        var templates = new List<(string Role, string? Agency, HttpMethod Method, string Path, JsonObject Body)>
        {
            ("secretariat", null, HttpMethod.Post, "/api/targets/agencies", Agency("FSNEW1")),
            ("secretariat", null, HttpMethod.Put, $"/api/targets/agencies/{t.AgencyA}", Agency(t.AgencyA)),
            ("secretariat", null, HttpMethod.Post, "/api/targets/obligations",
                new JsonObject { ["agencyCode"] = t.AgencyA, ["title"] = "Báo cáo", ["period"] = $"{year}-Q4", ["dueDate"] = $"{year}-12-31" }),
            ("secretariat", null, HttpMethod.Post, "/api/targets/plans", Plan("KH-FAULT-NEW")),
            ("secretariat", null, HttpMethod.Put, $"/api/targets/plans/{t.PlanP}", Plan("KH-FAULT-P")),
            ("secretariat", null, HttpMethod.Post, $"/api/targets/plans/{t.PlanP}/consultation",
                new JsonObject { ["agencies"] = new JsonArray(t.AgencyA), ["deadline"] = $"{year + 1}-01-31" }),
            ("secretariat", null, HttpMethod.Post, $"/api/targets/plans/{t.PlanP}/indicators", Indicator(t.AgencyA)),
            ("secretariat", null, HttpMethod.Put, $"/api/targets/indicators/{unknown}", Indicator(t.AgencyA)),
            ("secretariat", null, HttpMethod.Post, $"/api/targets/plans/{t.PlanP}/tasks", Task(t.AgencyA)),
            ("secretariat", null, HttpMethod.Put, $"/api/targets/tasks/{unknown}", Task(t.AgencyA)),
            ("secretariat", null, HttpMethod.Put, $"/api/targets/tasks/{unknown}/due-date", new JsonObject { ["dueDate"] = $"{year}-12-31" }),
            ("reporter", t.AgencyA, HttpMethod.Post, "/api/submissions", Report(t.ObligationA)),
            ("reporter", t.AgencyB, HttpMethod.Post, $"/api/submissions/{t.SubmissionB}/revisions", Report(t.ObligationB)),
            ("secretariat", null, HttpMethod.Post, $"/api/submissions/{t.SubmissionB}/return", new JsonObject
            {
                ["reasonCode"] = "missing-evidence", ["reason"] = "Thiếu văn bản",
                ["fieldComments"] = new JsonObject { ["evidence"] = "Đính kèm" }, ["fixWithinDays"] = 3,
            }),
            ("reporter", t.AgencyA, HttpMethod.Put, $"/api/notifications/agencies/{t.AgencyA}/contacts/preferences",
                new JsonObject { ["address"] = $"{t.AgencyA.ToLowerInvariant()}@faults.test", ["smsOptOut"] = true, ["language"] = "en" }),
            ("admin", null, HttpMethod.Put, $"/api/notifications/agencies/{t.AgencyA}/preferences",
                new JsonObject { ["smsOptOut"] = true, ["language"] = "en" }),
            ("admin", null, HttpMethod.Post, "/api/gateway/api-keys", new JsonObject { ["agencyCode"] = t.AgencyA, ["name"] = "Hệ thống báo cáo" }),
        };

        // Generated: every field, in turn, of a JSON kind its type can never read.
        foreach (var (role, agency, method, path, body) in templates)
            foreach (var (pointer, replacement) in Mutations(body))
                cases.Add(new Case($"wrong kind at {pointer}", role, agency, method, path, replacement.ToJsonString()));

        // Hand-written: the body as a whole is broken.
        foreach (var (role, agency, method, path, _) in templates)
        {
            cases.Add(new Case("truncated JSON", role, agency, method, path, "{\"code\": \"X\", "));
            cases.Add(new Case("not JSON at all", role, agency, method, path, "code=X&name=Y"));
            cases.Add(new Case("a JSON array", role, agency, method, path, "[1,2,3]"));
            cases.Add(new Case("a JSON string", role, agency, method, path, "\"hello\""));
            cases.Add(new Case("no body", role, agency, method, path, ""));
            cases.Add(new Case("plain text", role, agency, method, path, "hello", "text/plain"));
        }

        var ten = new string('x', 10 * 1024 * 1024);
        cases.AddRange(
        [
            // Huge and negative numbers, unknown enum values.
            new("percent as 1e400", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions",
                $"{{\"obligationId\":\"{t.ObligationA}\",\"progress\":{{\"status\":\"InProgress\",\"percentComplete\":1e400}}}}"),
            new("percent beyond int", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions",
                $"{{\"obligationId\":\"{t.ObligationA}\",\"progress\":{{\"status\":\"InProgress\",\"percentComplete\":99999999999999999999}}}}"),
            new("negative percent", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions", Report(t.ObligationA, percent: -5).ToJsonString()),
            new("percent over 100", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions", Report(t.ObligationA, percent: 250).ToJsonString()),
            new("unknown progress status", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions", Report(t.ObligationA, status: "Flying").ToJsonString()),
            new("progress status as a number", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions", Report(t.ObligationA, statusNumber: 1).ToJsonString()),
            new("an indicator value on a task", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions",
                $"{{\"obligationId\":\"{t.ObligationA}\",\"value\":{{\"numerator\":-1,\"denominator\":0}}}}"),
            new("obligation id not a guid", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions", "{\"obligationId\":\"1; DROP TABLE submissions\"}"),
            new("unknown obligation", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions", Report(unknown).ToJsonString()),
            new("evidence link to javascript:", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions",
                $"{{\"obligationId\":\"{t.ObligationA}\",\"progress\":{{\"status\":\"InProgress\",\"percentComplete\":5}},\"evidence\":[{{\"url\":\"javascript:alert(1)\"}}]}}"),
            new("evidence dated in the future", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions",
                $"{{\"obligationId\":\"{t.ObligationA}\",\"progress\":{{\"status\":\"InProgress\",\"percentComplete\":5}},\"evidence\":[{{\"documentNumber\":\"1/BC\",\"documentDate\":\"{year + 5}-01-01\"}}]}}"),
            new("negative fix period", "secretariat", null, HttpMethod.Post, $"/api/submissions/{t.SubmissionB}/return",
                "{\"reasonCode\":\"missing-evidence\",\"reason\":\"x\",\"fixWithinDays\":-3}"),
            new("unknown reason code", "secretariat", null, HttpMethod.Post, $"/api/submissions/{t.SubmissionB}/return",
                "{\"reasonCode\":\"'; DROP TABLE revisions;--\",\"reason\":\"x\"}"),
            new("unknown agency kind", "secretariat", null, HttpMethod.Post, "/api/targets/agencies", Agency("FSNEW2", kind: "Galaxy").ToJsonString()),
            new("agency kind as an unknown number", "secretariat", null, HttpMethod.Post, "/api/targets/agencies", Agency("FSNEW3", kindNumber: 999).ToJsonString()),
            new("SQL in an agency code", "secretariat", null, HttpMethod.Post, "/api/targets/agencies", Agency("X'; DROP TABLE agencies;--").ToJsonString()),
            new("script in an agency code", "secretariat", null, HttpMethod.Post, "/api/targets/agencies", Agency("<script>alert(1)</script>").ToJsonString()),
            new("malformed contact e-mail", "secretariat", null, HttpMethod.Post, "/api/targets/agencies", Agency("FSNEW4", email: "not-an-email").ToJsonString()),
            new("script in a period", "secretariat", null, HttpMethod.Post, "/api/targets/obligations",
                $"{{\"agencyCode\":\"{t.AgencyA}\",\"title\":\"x\",\"period\":\"<script>alert(1)</script>\",\"dueDate\":\"{year}-12-31\"}}"),
            new("obligation for another province's agency", "secretariat", null, HttpMethod.Post, "/api/targets/obligations",
                $"{{\"agencyCode\":\"NO-SUCH-AGENCY\",\"title\":\"x\",\"period\":\"{year}-Q4\",\"dueDate\":\"{year}-12-31\"}}"),
            new("due before the period", "secretariat", null, HttpMethod.Post, "/api/targets/obligations",
                $"{{\"agencyCode\":\"{t.AgencyA}\",\"title\":\"x\",\"period\":\"{year}-Q4\",\"dueDate\":\"{year}-01-01\"}}"),
            new("date not a date", "secretariat", null, HttpMethod.Post, "/api/targets/obligations",
                $"{{\"agencyCode\":\"{t.AgencyA}\",\"title\":\"x\",\"period\":\"{year}-Q4\",\"dueDate\":\"31/12/{year}\"}}"),
            new("due on the last day of the calendar", "secretariat", null, HttpMethod.Post, "/api/targets/obligations",
                $"{{\"agencyCode\":\"{t.AgencyA}\",\"title\":\"x\",\"period\":\"{year}-Q4\",\"dueDate\":\"9999-12-31\"}}"),
            new("consultation deadline after 2100", "secretariat", null, HttpMethod.Post, $"/api/targets/plans/{t.PlanP}/consultation",
                $"{{\"agencies\":[\"{t.AgencyA}\"],\"deadline\":\"2101-01-01\"}}"),
            new("task dates outside 2000-2100", "secretariat", null, HttpMethod.Post, $"/api/targets/plans/{t.PlanP}/tasks",
                Task(t.AgencyA).ToJsonString().Replace($"\"{DateTime.UtcNow.Year}-01-01\"", "\"1999-12-31\"")
                    .Replace($"\"{DateTime.UtcNow.Year}-12-31\"", "\"2101-01-01\"")),
            new("plan years reversed and negative", "secretariat", null, HttpMethod.Post, "/api/targets/plans",
                "{\"code\":\"KH-BAD\",\"title\":\"x\",\"startYear\":2025,\"endYear\":-2023}"),
            new("plan year beyond int", "secretariat", null, HttpMethod.Post, "/api/targets/plans",
                "{\"code\":\"KH-BAD\",\"title\":\"x\",\"startYear\":2147483648,\"endYear\":2147483649}"),
            new("indicator target 1e400", "secretariat", null, HttpMethod.Post, $"/api/targets/plans/{t.PlanP}/indicators",
                Indicator(t.AgencyA).ToJsonString().Replace("\"targetValue\":100", "\"targetValue\":1e400")),
            new("unknown measure", "secretariat", null, HttpMethod.Post, $"/api/targets/plans/{t.PlanP}/indicators",
                Indicator(t.AgencyA).ToJsonString().Replace("\"Percent\"", "\"Vibes\"")),
            new("unknown frequency", "secretariat", null, HttpMethod.Post, $"/api/targets/plans/{t.PlanP}/indicators",
                Indicator(t.AgencyA).ToJsonString().Replace("\"Quarterly\"", "\"Hourly\"")),
            new("negative due offset", "secretariat", null, HttpMethod.Post, $"/api/targets/plans/{t.PlanP}/indicators",
                Indicator(t.AgencyA).ToJsonString().Replace("\"dueOffsetDays\":15", "\"dueOffsetDays\":-1")),
            new("negative budget", "secretariat", null, HttpMethod.Post, $"/api/targets/plans/{t.PlanP}/tasks",
                Task(t.AgencyA).ToJsonString().Replace("\"budgetVnd\":1000000", "\"budgetVnd\":-1000000")),
            new("unknown contact language", "reporter", t.AgencyA, HttpMethod.Put, $"/api/notifications/agencies/{t.AgencyA}/contacts/preferences",
                $"{{\"address\":\"{t.AgencyA.ToLowerInvariant()}@faults.test\",\"language\":\"klingon\"}}"),
            new("preference for an address not a contact", "reporter", t.AgencyA, HttpMethod.Put, $"/api/notifications/agencies/{t.AgencyA}/contacts/preferences",
                "{\"address\":\"'; DELETE FROM contacts;--\",\"smsOptOut\":true}"),
            new("api key for an agency code with SQL", "admin", null, HttpMethod.Post, "/api/gateway/api-keys",
                "{\"agencyCode\":\"X'); DROP TABLE api_keys;--\",\"name\":\"x\"}"),

            // 10 MB bodies, announced as curl announces a large body (Expect: 100-continue): the gateway
            // refuses on the length alone, and the client reads the refusal instead of a reset connection.
            new("10 MB report", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions",
                $"{{\"obligationId\":\"{t.ObligationA}\",\"progress\":{{\"status\":\"InProgress\",\"percentComplete\":5,\"note\":\"{ten}\"}}}}",
                Headers: ExpectContinue),
            new("10 MB agency", "secretariat", null, HttpMethod.Post, "/api/targets/agencies", $"{{\"code\":\"FSBIG\",\"name\":\"{ten}\"}}",
                Headers: ExpectContinue),
            new("10 MB of garbage", "admin", null, HttpMethod.Post, "/api/gateway/api-keys", ten, Headers: ExpectContinue),

            // Path traversal and malformed ids in paths.
            new("traversal in an agency code", "secretariat", null, HttpMethod.Get, "/api/targets/agencies/..%2F..%2Fetc%2Fpasswd", null),
            new("encoded dots in a submission id", "secretariat", null, HttpMethod.Get, "/api/submissions/%2e%2e%2f%2e%2e%2fhealth", null),
            new("traversal in a contacts path", "reporter", t.AgencyA, HttpMethod.Get, "/api/notifications/agencies/..%2f..%2fsecrets/contacts", null),
            new("traversal to the gateway's keys", "reporter", t.AgencyA, HttpMethod.Get, "/api/targets/..%2F..%2Fapi%2Fgateway%2Fapi-keys", null),
            new("plan id not a guid", "secretariat", null, HttpMethod.Get, "/api/targets/plans/not-a-guid", null),
            new("SQL as a plan id", "secretariat", null, HttpMethod.Get, "/api/targets/plans/1%20OR%201%3D1", null),
            new("unknown plan", "secretariat", null, HttpMethod.Get, $"/api/targets/plans/{unknown}", null),
            new("unknown indicator values", "secretariat", null, HttpMethod.Get, $"/api/targets/indicators/{unknown}/values", null),
            new("unknown submission", "secretariat", null, HttpMethod.Get, $"/api/submissions/{unknown}", null),
            new("accept an unknown submission", "secretariat", null, HttpMethod.Post, $"/api/submissions/{unknown}/accept", null),
            new("approve an unknown plan", "secretariat", null, HttpMethod.Post, $"/api/targets/plans/{unknown}/approve", null),
            new("revise an unknown plan", "secretariat", null, HttpMethod.Post, $"/api/targets/plans/{unknown}/revisions", null),
            new("deactivate an unknown agency", "secretariat", null, HttpMethod.Post, "/api/targets/agencies/NO-SUCH-AGENCY/deactivate", null),
            new("unknown obligation in notifications", "secretariat", null, HttpMethod.Get, $"/api/notifications/obligations/{unknown}", null),
            new("revoke an unknown api key", "admin", null, HttpMethod.Delete, $"/api/gateway/api-keys/{unknown}", null),
            new("a method the route does not have", "secretariat", null, HttpMethod.Delete, $"/api/targets/agencies/{t.AgencyA}", null),
            new("a route that does not exist", "secretariat", null, HttpMethod.Get, "/api/targets/nothing-here", null),

            // Bad query strings.
            new("negative page", "secretariat", null, HttpMethod.Get, "/api/targets/obligations?page=-1", null),
            new("huge page size", "secretariat", null, HttpMethod.Get, "/api/targets/obligations?pageSize=100000", null),
            new("unknown status filter", "secretariat", null, HttpMethod.Get, "/api/targets/obligations?status=Bogus", null),
            new("SQL in an agency filter", "secretariat", null, HttpMethod.Get, "/api/targets/obligations?agency=%27%20OR%201%3D1--", null),
            new("boolean not a boolean", "secretariat", null, HttpMethod.Get, "/api/targets/obligations?overdue=maybe", null),
            new("plan id filter not a guid", "secretariat", null, HttpMethod.Get, "/api/targets/obligations?planId=abc", null),
            new("zero page size", "secretariat", null, HttpMethod.Get, "/api/submissions?pageSize=0", null),
            new("page beyond int", "secretariat", null, HttpMethod.Get, "/api/submissions?page=99999999999", null),
            new("unknown revision status", "secretariat", null, HttpMethod.Get, "/api/submissions?status=Bogus", null),
            new("diff revisions not numbers", "secretariat", null, HttpMethod.Get, $"/api/submissions/{t.SubmissionB}/diff?from=abc&to=2", null),
            new("diff without revisions", "secretariat", null, HttpMethod.Get, $"/api/submissions/{t.SubmissionB}/diff", null),
            new("unknown reminder status", "secretariat", null, HttpMethod.Get, "/api/notifications/reminders?status=Bogus", null),
            new("zero page of deliveries", "secretariat", null, HttpMethod.Get, "/api/notifications/deliveries?page=0", null),
            new("unknown delivery channel", "secretariat", null, HttpMethod.Get, "/api/notifications/deliveries?channel=Pigeon", null),

            // Other agencies' ids: agency A's reporter acts on agency B's things.
            new("report on another agency's obligation", "reporter", t.AgencyA, HttpMethod.Post, "/api/submissions", Report(t.ObligationB).ToJsonString()),
            new("read another agency's submission", "reporter", t.AgencyA, HttpMethod.Get, $"/api/submissions/{t.SubmissionB}", null),
            new("revise another agency's submission", "reporter", t.AgencyA, HttpMethod.Post, $"/api/submissions/{t.SubmissionB}/revisions", Report(t.ObligationB).ToJsonString()),
            new("diff another agency's submission", "reporter", t.AgencyA, HttpMethod.Get, $"/api/submissions/{t.SubmissionB}/diff?from=1&to=1", null),
            new("list another agency's submissions", "reporter", t.AgencyA, HttpMethod.Get, $"/api/submissions?agency={t.AgencyB}", null),
            new("list another agency's obligations", "reporter", t.AgencyA, HttpMethod.Get, $"/api/targets/obligations?agency={t.AgencyB}", null),
            new("read another agency's obligation reminders", "reporter", t.AgencyA, HttpMethod.Get, $"/api/notifications/obligations/{t.ObligationB}", null),
            new("read another agency's contacts", "reporter", t.AgencyA, HttpMethod.Get, $"/api/notifications/agencies/{t.AgencyB}/contacts", null),
            new("change another agency's contact", "reporter", t.AgencyA, HttpMethod.Put, $"/api/notifications/agencies/{t.AgencyB}/contacts/preferences",
                $"{{\"address\":\"{t.AgencyB.ToLowerInvariant()}@faults.test\",\"smsOptOut\":true}}"),
            new("read another agency's obligation", "reporter", t.AgencyA, HttpMethod.Get, $"/api/targets/obligations/{t.ObligationB}", null),

            // Roles that may not, credentials that are not.
            new("a viewer registers an agency", "viewer", null, HttpMethod.Post, "/api/targets/agencies", Agency("FSNEW5").ToJsonString()),
            new("a reporter creates a plan", "reporter", t.AgencyA, HttpMethod.Post, "/api/targets/plans", Plan("KH-REPORTER").ToJsonString()),
            new("a reporter accepts its own report", "reporter", t.AgencyB, HttpMethod.Post, $"/api/submissions/{t.SubmissionB}/accept", null),
            new("a secretariat reads the audit", "secretariat", null, HttpMethod.Get, "/api/targets/audit", null),
            new("a reporter lists reminders", "reporter", t.AgencyA, HttpMethod.Get, "/api/notifications/reminders", null),
            new("a reporter issues api keys", "reporter", t.AgencyA, HttpMethod.Post, "/api/gateway/api-keys", $"{{\"agencyCode\":\"{t.AgencyA}\",\"name\":\"x\"}}"),
            new("a viewer changes whole-agency preferences", "viewer", null, HttpMethod.Put, $"/api/notifications/agencies/{t.AgencyA}/preferences", "{\"smsOptOut\":true}"),
            new("no credentials", null, null, HttpMethod.Get, "/api/dashboard/summary", null),
            new("no credentials, a write", null, null, HttpMethod.Post, "/api/submissions", Report(t.ObligationA).ToJsonString()),
            new("a forged token", null, null, HttpMethod.Get, "/api/targets/agencies", null,
                Headers: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.")),
            new("garbage for a token", null, null, HttpMethod.Get, "/api/targets/agencies", null,
                Headers: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "'; DROP TABLE agencies;--")),
            new("an unknown api key", null, null, HttpMethod.Get, "/api/submissions", null,
                Headers: r => r.Headers.Add("X-Api-Key", "dxk_000000000000_bogus")),
        ]);
        return cases;
    }

    static void ExpectContinue(HttpRequestMessage request) => request.Headers.ExpectContinue = true;

    /// <summary>Every field of the body (nested ones too), replaced in turn by values of JSON kinds its type cannot read.</summary>
    static IEnumerable<(string Pointer, JsonNode Body)> Mutations(JsonObject body)
    {
        foreach (var (pointer, value) in Fields(body, ""))
        {
            JsonNode?[] wrong = value switch
            {
                // Strings: never a number (Targets reads enums from numbers too, so a number may be a valid kind).
                JsonValue v when v.TryGetValue<string>(out _) => [JsonValue.Create(true), new JsonArray(), new JsonObject()],
                JsonValue v when v.TryGetValue<bool>(out _) => [JsonValue.Create("maybe"), new JsonObject()],
                JsonValue => [JsonValue.Create("not-a-number"), JsonValue.Create(true), new JsonObject()],
                JsonArray => [JsonValue.Create("x"), new JsonObject()],
                JsonObject => [JsonValue.Create("x"), new JsonArray()],
                _ => [],
            };
            foreach (var replacement in wrong)
            {
                var copy = body.DeepClone().AsObject();
                Set(copy, pointer, replacement);
                yield return (pointer, copy);
            }
        }
    }

    static IEnumerable<(string Pointer, JsonNode Value)> Fields(JsonNode node, string at)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (value is null) continue;
                    yield return ($"{at}/{key}", value);
                    foreach (var inner in Fields(value, $"{at}/{key}")) yield return inner;
                }
                break;
            case JsonArray a when a.Count > 0 && a[0] is JsonObject:
                foreach (var inner in Fields(a[0]!, $"{at}/0")) yield return inner;
                break;
        }
    }

    static void Set(JsonNode root, string pointer, JsonNode? value)
    {
        var parts = pointer.Trim('/').Split('/');
        var node = root;
        foreach (var part in parts[..^1]) node = node is JsonArray a ? a[int.Parse(part)]! : node[part]!;
        if (node is JsonArray array) array[int.Parse(parts[^1])] = value;
        else node[parts[^1]] = value;
    }

    static JsonObject Agency(string code, string kind = "Department", int? kindNumber = null, string? email = null) => new()
    {
        ["code"] = code,
        ["name"] = "Sở thử nghiệm",
        ["kind"] = kindNumber is { } n ? JsonValue.Create(n) : JsonValue.Create(kind),
        ["parentCode"] = null,
        ["contacts"] = new JsonArray(new JsonObject
        {
            ["name"] = "Nguyễn Văn Thử", ["email"] = email ?? $"{code.ToLowerInvariant()}@faults.test", ["phone"] = "0912345678", ["isHead"] = false,
        }),
    };

    static JsonObject Plan(string code) => new()
    {
        ["code"] = code, ["title"] = "Kế hoạch thử nghiệm", ["startYear"] = DateTime.UtcNow.Year, ["endYear"] = DateTime.UtcNow.Year,
    };

    static JsonObject Indicator(string agency) => new()
    {
        ["code"] = "CQS-F1", ["pillarCode"] = "CQS", ["name"] = "Tỷ lệ thử nghiệm", ["measure"] = "Percent",
        ["targetValue"] = 100, ["targetDate"] = $"{DateTime.UtcNow.Year}-12-31", ["direction"] = "Increase",
        ["leadAgencyCode"] = agency, ["reportingAgencies"] = new JsonArray(agency), ["reportingKind"] = "Department",
        ["frequency"] = "Quarterly", ["dueOffsetDays"] = 15,
    };

    static JsonObject Task(string agency) => new()
    {
        ["code"] = "NV-F1", ["title"] = "Nhiệm vụ thử nghiệm", ["pillarCode"] = "CQS", ["ownerCode"] = agency,
        ["coOwnerCodes"] = new JsonArray(), ["startDate"] = $"{DateTime.UtcNow.Year}-01-01", ["dueDate"] = $"{DateTime.UtcNow.Year}-12-31",
        ["budgetVnd"] = 1000000, ["fundingSource"] = "Ngân sách tỉnh", ["urgent"] = false,
    };

    static JsonObject Report(Guid obligation, int percent = 40, string status = "InProgress", int? statusNumber = null) => new()
    {
        ["obligationId"] = obligation.ToString(),
        ["progress"] = new JsonObject
        {
            ["status"] = statusNumber is { } n ? JsonValue.Create(n) : JsonValue.Create(status),
            ["percentComplete"] = percent,
            ["note"] = "Đang triển khai.",
        },
    };
}
