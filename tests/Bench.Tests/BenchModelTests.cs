using Aspire.Hosting.ApplicationModel;
using DxTrack.Bench.Harness;

namespace DxTrack.Bench.Tests;

/// <summary>The system as the bench changes the AppHost's model, built but never started.</summary>
public sealed class BenchModelTests
{
    [Fact]
    public async Task Every_service_is_reached_on_its_own_port_not_through_the_orchestrators_proxy()
    {
        var folder = Directory.CreateTempSubdirectory("dxtrack-bench-model-").FullName;
        try
        {
            await using var builder = await BenchSystem.ModelAsync(folder, TestContext.Current.CancellationToken);
            var projects = builder.Resources.OfType<ProjectResource>().ToList();

            Assert.Equal(BenchSystem.Services.Order(), projects.Select(p => p.Name).Order());
            foreach (var project in projects)
            {
                var http = Assert.Single(project.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");
                Assert.False(http.IsProxied, $"{project.Name}'s http endpoint goes through DCP's proxy");
                Assert.Null(http.Port);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
