using System.Text.Json;
using DxTrack.Targets.Tests.Support;

namespace DxTrack.Targets.Tests.Api;

public sealed class OpenApiTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    [Fact]
    public async Task The_OpenAPI_document_is_served_anonymously_and_lists_every_resource()
    {
        var response = await app.Anonymous().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .RootElement.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/targets/agencies", "/api/targets/plans", "/api/targets/plans/{id}/approve", "/api/targets/plans/{id}/revisions",
                     "/api/targets/indicators/{id}/values", "/api/targets/tasks/{id}/due-date", "/api/targets/obligations",
                     "/api/targets/pillars", "/api/dashboard/summary", "/api/dashboard/agencies", "/api/dashboard/indicators",
                     "/api/dashboard/overview", "/api/dashboard/overview/export", "/api/dashboard/indicators/{id}",
                     "/api/dashboard/indicators/{id}/export", "/api/dashboard/agencies/{agency}", "/api/dashboard/agencies/{agency}/export",
                 })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is documented");
    }

    [Fact]
    public async Task The_three_pillars_are_seeded_by_migration()
    {
        var pillars = await app.Client().GetAsync<List<PillarView>>("/api/targets/pillars");
        Assert.Equal(["CQS", "KTS", "XHS"], pillars.Select(p => p.Code));
        Assert.Equal("Chính quyền số", pillars[0].Name);
    }

    sealed record PillarView(string Code, string Name, string EnglishName);
}
