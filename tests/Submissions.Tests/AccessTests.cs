using System.Net;
using DxTrack.ServiceDefaults.Security;

namespace DxTrack.Submissions.Tests;

[Collection(SubmissionsCollection.Name)]
public sealed class AccessTests(SubmissionsHost host)
{
    [Fact]
    public async Task A_reporter_sees_only_its_own_agencys_submissions_whatever_the_query_says()
    {
        var mine = $"M{Guid.NewGuid():N}"[..12];
        var theirs = $"T{Guid.NewGuid():N}"[..12];
        var myObligation = await host.OpenObligationAsync(mine);
        var theirObligation = await host.OpenObligationAsync(theirs);
        await Submit(mine, myObligation.ObligationId);
        var theirId = await Submit(theirs, theirObligation.ObligationId);
        var reporter = host.Reporter(mine);
        var ct = TestContext.Current.CancellationToken;

        var own = await (await reporter.GetAsync("/api/submissions", ct)).ReadAsync();
        var asked = await reporter.GetAsync($"/api/submissions?agency={theirs}", ct);
        var read = await reporter.GetAsync($"/api/submissions/{theirId}", ct);
        var diff = await reporter.GetAsync($"/api/submissions/{theirId}/diff?from=1&to=1", ct);
        var audit = await reporter.GetAsync("/api/submissions/audit", ct);

        Assert.All(own["items"]!.AsArray(), i => Assert.Equal(mine, (string)i!["agencyCode"]!));
        Assert.Equal(1, (int)own["total"]!);
        Assert.Equal(HttpStatusCode.Forbidden, asked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, diff.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
    }

    [Fact]
    public async Task The_secretariat_submits_on_behalf_of_an_agency_and_a_viewer_reads_everything()
    {
        var agency = $"B{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var id = await Submit(agency, obligation.ObligationId, host.Secretariat());

        var viewer = host.Client(DxRoles.Viewer, null, "committee-member");
        var detail = await (await viewer.GetAsync($"/api/submissions/{id}", TestContext.Current.CancellationToken)).ReadAsync();
        var list = await (await viewer.GetAsync($"/api/submissions?agency={agency}&status=Submitted&page=1&pageSize=10",
            TestContext.Current.CancellationToken)).ReadAsync();

        Assert.Equal("secretariat", (string)detail["revisions"]![0]!["submitterRole"]!);
        Assert.Equal("STTTT", (string)detail["revisions"]![0]!["submitterAgency"]!);
        Assert.Equal(agency, (string)detail["submission"]!["agencyCode"]!);
        Assert.Equal(1, (int)list["total"]!);
    }

    [Fact]
    public async Task Bad_query_values_are_400_problems_naming_the_parameter()
    {
        var client = host.Secretariat();
        var ct = TestContext.Current.CancellationToken;

        var badStatus = await client.GetAsync("/api/submissions?status=Lost", ct);
        var badPage = await client.GetAsync("/api/submissions?page=abc", ct);
        var badSize = await client.GetAsync("/api/submissions?pageSize=1000", ct);
        var noFrom = await client.GetAsync($"/api/submissions/{Guid.NewGuid()}/diff?to=2", ct);

        Assert.NotNull((await badStatus.ReadAsync())["errors"]?["status"]);
        Assert.NotNull((await badPage.ReadAsync())["errors"]?["page"]);
        Assert.NotNull((await badSize.ReadAsync())["errors"]?["pageSize"]);
        Assert.NotNull((await noFrom.ReadAsync())["errors"]?["from"]);
        Assert.All([badStatus, badPage, badSize, noFrom], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
    }

    [Fact]
    public async Task The_openapi_document_and_the_audit_trail_are_served()
    {
        var ct = TestContext.Current.CancellationToken;
        var agency = $"U{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);
        var id = await Submit(agency, obligation.ObligationId);
        var openApi = await host.App.CreateClient().GetAsync("/openapi/v1.json", ct);
        var audit = await host.Client(DxRoles.Admin, null, "admin-1")
            .GetAsync($"/api/submissions/audit?entityType=Submission&entityId={id}", ct);

        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Contains("/api/submissions/{id}/return", await openApi.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        var entry = (await audit.ReadAsync())["items"]![0]!;
        Assert.Equal($"reporter-{agency}", (string)entry["actor"]!);
        Assert.Equal("Added", (string)entry["change"]!);
    }

    [Theory]
    [InlineData("post", "/api/submissions", "201 400 403 409 415 422", true)]
    [InlineData("post", "/api/submissions/{id}/revisions", "201 400 403 404 409 415 422", true)]
    [InlineData("post", "/api/submissions/{id}/accept", "200 400 403 404 409 422", true)]
    [InlineData("post", "/api/submissions/{id}/return", "200 400 403 404 409 415 422", true)]
    [InlineData("get", "/api/submissions", "200 400 403", false)]
    [InlineData("get", "/api/submissions/{id}", "200 403 404", false)]
    [InlineData("get", "/api/submissions/{id}/diff", "200 400 403 404", false)]
    [InlineData("get", "/api/submissions/compliance", "200 403", false)]
    public async Task The_openapi_document_lists_every_answer_of_an_operation_and_the_idempotency_key_where_it_is_honoured(
        string method, string path, string statuses, bool idempotent)
    {
        var document = await (await host.App.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).ReadAsync();
        var operation = document["paths"]?[path]?[method]?.AsObject();
        Assert.True(operation is not null, $"no {method} {path} in {string.Join(", ", document["paths"]!.AsObject().Select(p => p.Key))}");

        var responses = operation["responses"]!.AsObject();
        Assert.Equal(statuses, string.Join(" ", responses.Select(r => r.Key).Order()));
        foreach (var (status, response) in responses.Where(r => r.Key[0] is '4'))
            Assert.True(response!["content"]?["application/problem+json"] is not null, $"{status} is not described as problem+json");

        var key = operation["parameters"]?.AsArray().SingleOrDefault(p => (string?)p!["name"] == "Idempotency-Key");
        Assert.Equal(idempotent, key is not null);
        if (key is null) return;
        Assert.Equal("header", (string)key["in"]!);
        Assert.Equal(200, (int)key["schema"]!["maxLength"]!);
        Assert.Contains("2xx", (string)key["description"]!);
        Assert.NotNull(responses.Single(r => r.Key[0] is '2').Value!["headers"]?["Idempotent-Replayed"]);
    }

    async Task<string> Submit(string agency, Guid obligationId, HttpClient? client = null)
    {
        var response = await (client ?? host.Reporter(agency)).PostJsonAsync("/api/submissions",
            new { obligationId, progress = new { status = "InProgress", percentComplete = 10 } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadAsync())["id"]!;
    }
}
