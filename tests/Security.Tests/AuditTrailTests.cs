using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;

namespace DxTrack.Security.Tests;

/// <summary>
/// Each kind of state change, made through a service's API, is in that service's audit trail with who made
/// it and the content before and after — the parts the entity owns (contacts, report values, evidence,
/// comments) included, secrets left out.
/// </summary>
[Collection(ServiceHosts.Collection)]
public sealed class AuditTrailTests(ServiceHosts hosts)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    sealed record Entry(string Change, string Actor, string? Role, string EntityId, string? Operation, JsonElement? Before, JsonElement? After)
    {
        public string Raw { get; init; } = "";
    }

    /// <summary>The service's audit trail as an admin reads it, oldest first.</summary>
    async Task<List<Entry>> TrailAsync(string service, string query)
    {
        var prefix = service == "gateway" ? "/api/gateway" : $"/api/{service}";
        var page = await hosts.Client(service, DxRoles.Admin).GetFromJsonAsync<JsonElement>($"{prefix}/audit?pageSize=500&{query}", Ct);
        return page.GetProperty("items").EnumerateArray().Reverse().Select(e => new Entry(
            e.GetProperty("change").GetString()!, e.GetProperty("actor").GetString()!, e.GetProperty("role").GetString(),
            e.GetProperty("entityId").GetString()!, e.GetProperty("operation").GetString(),
            Parse(e.GetProperty("before")), Parse(e.GetProperty("after"))) { Raw = e.GetRawText() }).ToList();
    }

    static JsonElement? Parse(JsonElement text) =>
        text.ValueKind == JsonValueKind.String ? JsonDocument.Parse(text.GetString()!).RootElement.Clone() : null;

    static string[] Emails(JsonElement snapshot) =>
        snapshot.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("email").GetString()!).ToArray();

    static string UniqueCode(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    [Fact]
    public async Task Updating_an_agencys_contacts_records_the_contacts_before_and_after()
    {
        var code = UniqueCode("AUD");
        var secretariat = hosts.Client("targets", DxRoles.Secretariat, subject: "secretariat-nguyen");
        object Agency(params string[] emails) => new
        {
            code, name = "Sở Kiểm toán thử", kind = "Department",
            contacts = emails.Select(e => new { name = "Cán bộ " + e[..e.IndexOf('@')], email = e }).ToArray(),
        };
        Assert.Equal(HttpStatusCode.Created, (await secretariat.PostAsJsonAsync("/api/targets/agencies", Agency("cu@aud.test"), Ct)).StatusCode);
        var updated = await secretariat.PutAsJsonAsync($"/api/targets/agencies/{code}", Agency("moi@aud.test", "them@aud.test"), Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var added = Assert.Single(await TrailAsync("targets", "entityType=Agency"),
            e => e.Change == "Added" && e.After!.Value.GetProperty("code").GetString() == code);
        Assert.Equal(["cu@aud.test"], Emails(added.After!.Value));
        var trail = await TrailAsync("targets", $"entityType=Agency&entityId={added.EntityId}");
        Assert.Equal(["Added", "Modified"], trail.Select(e => e.Change));
        var modified = trail[1];
        Assert.Equal("secretariat-nguyen", modified.Actor);
        Assert.Equal(["cu@aud.test"], Emails(modified.Before!.Value));
        Assert.Equal(["moi@aud.test", "them@aud.test"], Emails(modified.After!.Value));
        Assert.Equal(1, modified.Before!.Value.GetProperty("version").GetInt64());
        Assert.Equal(2, modified.After!.Value.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Approving_a_plan_records_its_status_before_and_after()
    {
        await hosts.RegisterAgenciesAsync(Ct);
        var secretariat = hosts.Client("targets", DxRoles.Secretariat, subject: "secretariat-tran");
        var year = DateTime.UtcNow.Year;
        var created = await secretariat.PostAsJsonAsync("/api/targets/plans",
            new { code = UniqueCode("KH"), title = "Kế hoạch chuyển đổi số (kiểm toán)", startYear = year, endYear = year }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plan = (await created.Content.ReadFromJsonAsync<IdOnly>(Ct))!.Id;
        var consultation = await secretariat.PostAsJsonAsync($"/api/targets/plans/{plan}/consultation",
            new { agencies = new[] { ServiceHosts.OwnAgency }, deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)) }, Ct);
        Assert.True(consultation.IsSuccessStatusCode, await consultation.Content.ReadAsStringAsync(Ct));
        var approved = await secretariat.PostAsync($"/api/targets/plans/{plan}/approve", null, Ct);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync(Ct));

        var trail = await TrailAsync("targets", $"entityType=Plan&entityId={plan}");

        Assert.Equal(["Added", "Modified", "Modified"], trail.Select(e => e.Change));
        var approval = trail[^1];
        Assert.Equal(("secretariat-tran", DxRoles.Secretariat), (approval.Actor, approval.Role));
        Assert.Equal($"POST /api/targets/plans/{plan}/approve", approval.Operation);
        Assert.Equal("InConsultation", approval.Before!.Value.GetProperty("status").GetString());
        Assert.Equal("Approved", approval.After!.Value.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, approval.Before!.Value.GetProperty("approvedAt").ValueKind);
        Assert.Equal(JsonValueKind.String, approval.After!.Value.GetProperty("approvedAt").ValueKind);
    }

    [Fact]
    public async Task Submitting_and_accepting_a_report_record_its_content_and_its_review()
    {
        var obligation = await hosts.OpenObligationAsync(ServiceHosts.OwnAgency, Ct);
        var submission = await hosts.SubmitProgressAsync(obligation, ServiceHosts.OwnAgency, Ct);
        var accepted = await hosts.Client("submissions", DxRoles.Secretariat, subject: "reviewer-le")
            .PostAsync($"/api/submissions/{submission}/accept", null, Ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var trail = await TrailAsync("submissions", $"entityType=Revision&entityId={submission}/1");

        Assert.Equal(["Added", "Modified"], trail.Select(e => e.Change));
        var (submitted, review) = (trail[0], trail[1]);
        Assert.Equal(($"matrix-{DxRoles.Reporter}-{ServiceHosts.OwnAgency}", DxRoles.Reporter), (submitted.Actor, submitted.Role));
        var progress = submitted.After!.Value.GetProperty("progress");
        Assert.Equal("InProgress", progress.GetProperty("status").GetString());
        Assert.Equal(40, progress.GetProperty("percentComplete").GetInt32());
        Assert.Equal("Đã triển khai 4/10 thủ tục", progress.GetProperty("note").GetString());
        Assert.Equal("https://backan.gov.vn/van-ban/123", submitted.After!.Value.GetProperty("evidence")[0].GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, submitted.After!.Value.GetProperty("value").ValueKind);

        Assert.Equal("reviewer-le", review.Actor);
        Assert.Equal("Submitted", review.Before!.Value.GetProperty("status").GetString());
        Assert.Equal("Accepted", review.After!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Returning_a_report_records_the_reason_and_the_field_comments()
    {
        var obligation = await hosts.OpenObligationAsync(ServiceHosts.OwnAgency, Ct);
        var submission = await hosts.SubmitProgressAsync(obligation, ServiceHosts.OwnAgency, Ct);
        var returned = await hosts.Client("submissions", DxRoles.Secretariat, subject: "reviewer-pham").PostAsJsonAsync(
            $"/api/submissions/{submission}/return", new
            {
                reasonCode = "missing-evidence", reason = "Thiếu văn bản chứng minh",
                fieldComments = new Dictionary<string, string> { ["progress.percentComplete"] = "Tỷ lệ chưa khớp với báo cáo số 123" },
            }, Ct);
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);

        var review = (await TrailAsync("submissions", $"entityType=Revision&entityId={submission}/1")).Last();

        Assert.Equal(("Modified", "reviewer-pham"), (review.Change, review.Actor));
        Assert.Equal(0, review.Before!.Value.GetProperty("fieldComments").GetArrayLength());
        var comment = Assert.Single(review.After!.Value.GetProperty("fieldComments").EnumerateArray());
        Assert.Equal("progress.percentComplete", comment.GetProperty("field").GetString());
        Assert.Equal("Tỷ lệ chưa khớp với báo cáo số 123", comment.GetProperty("comment").GetString());
        Assert.Equal("missing-evidence", review.After!.Value.GetProperty("returnReasonCode").GetString());
        Assert.Equal("Returned", review.After!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Changing_a_contacts_preference_records_it_before_and_after()
    {
        await hosts.RegisterAgenciesAsync(Ct);
        var address = ServiceHosts.ContactEmail(ServiceHosts.OwnAgency);
        var reporter = hosts.Client("notifications", DxRoles.Reporter, ServiceHosts.OwnAgency, subject: "reporter-aga-1");
        async Task<HttpResponseMessage> Prefer(bool smsOptOut) => await reporter.PutAsJsonAsync(
            $"/api/notifications/agencies/{ServiceHosts.OwnAgency}/contacts/preferences", new { address, smsOptOut }, Ct);
        await Eventually.Until(() => Prefer(true), r => r.StatusCode == HttpStatusCode.OK,
            because: "the agency and its contacts reach the Notifications replica");
        Assert.Equal(HttpStatusCode.OK, (await Prefer(false)).StatusCode);

        var trail = await TrailAsync("notifications",
            $"entityType=ContactPreference&entityId={Uri.EscapeDataString($"{ServiceHosts.OwnAgency}/{address}")}");

        var last = trail[^1];
        Assert.Equal(("Modified", "reporter-aga-1", DxRoles.Reporter), (last.Change, last.Actor, last.Role));
        Assert.True(last.Before!.Value.GetProperty("smsOptOut").GetBoolean());
        Assert.False(last.After!.Value.GetProperty("smsOptOut").GetBoolean());
    }

    [Fact]
    public async Task Issuing_and_revoking_an_api_key_are_recorded_without_its_secret()
    {
        var admin = hosts.Client("gateway", DxRoles.Admin, subject: "admin-vu");
        var created = await admin.PostAsJsonAsync("/api/gateway/api-keys",
            new { agencyCode = ServiceHosts.OwnAgency, name = "Hệ thống báo cáo AGA" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = key.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/gateway/api-keys/{id}", Ct)).StatusCode);

        var trail = await TrailAsync("gateway", $"entityType=ApiKey&entityId={id}");

        Assert.Equal(["Added", "Modified"], trail.Select(e => e.Change));
        Assert.All(trail, e => Assert.Equal("admin-vu", e.Actor));
        Assert.Equal(ServiceHosts.OwnAgency, trail[0].After!.Value.GetProperty("agencyCode").GetString());
        Assert.Equal(JsonValueKind.Null, trail[1].Before!.Value.GetProperty("revokedAt").ValueKind);
        Assert.Equal("admin-vu", trail[1].After!.Value.GetProperty("revokedBy").GetString());
        Assert.All(trail, e =>
        {
            Assert.DoesNotContain("secretHash", e.Raw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(key.GetProperty("key").GetString()!, e.Raw);
        });
    }

    [Theory]
    [InlineData("targets"), InlineData("submissions"), InlineData("notifications"), InlineData("gateway")]
    public async Task An_admin_verifies_each_services_chain_and_finds_it_whole(string service)
    {
        var prefix = service == "gateway" ? "/api/gateway" : $"/api/{service}";
        if (service == "targets")
        {
            var made = await hosts.Client("targets", DxRoles.Secretariat).PostAsJsonAsync("/api/targets/agencies",
                new { code = UniqueCode("VFY"), name = "Sở Kiểm chứng thử", kind = "Department" }, Ct);
            Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        }

        var admin = hosts.Client(service, DxRoles.Admin);
        var report = await Eventually.Until(() => admin.GetFromJsonAsync<JsonElement>($"{prefix}/audit/verify", Ct),
            r => r.GetProperty("unsealed").GetInt64() == 0, because: "the sealer seals every committed entry");
        Assert.True(report.GetProperty("intact").GetBoolean());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("firstBroken").ValueKind);
        if (service == "targets") Assert.True(report.GetProperty("sealed").GetInt64() > 0);
    }
}
