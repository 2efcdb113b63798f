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

    [Fact]
    public async Task The_cache_off_Targets_answers_reads_and_consumes_none_of_Targets_events()
    {
        var folder = Directory.CreateTempSubdirectory("dxtrack-bench-model-").FullName;
        try
        {
            await using var builder = await BenchSystem.ModelAsync(folder, TestContext.Current.CancellationToken);
            var uncached = builder.Resources.OfType<ProjectResource>().Single(p => p.Name == BenchSystem.UncachedTargets);
            var targets = builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "targets");

            var environment = await EnvironmentAsync(uncached);
            Assert.Equal("false", environment["Messaging__Consume"]);
            Assert.Equal("false", environment["Targets__DashboardCacheEnabled"]);
            Assert.False((await EnvironmentAsync(targets)).ContainsKey("Messaging__Consume"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static async Task<Dictionary<string, object>> EnvironmentAsync(ProjectResource project)
    {
        var context = new EnvironmentCallbackContext(new Aspire.Hosting.DistributedApplicationExecutionContext(
            Aspire.Hosting.DistributedApplicationOperation.Run));
        foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
            await callback.Callback(context);
        return context.EnvironmentVariables;
    }
}
