using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace DxTrack.Deploy.Tests;

/// <summary>Each Deployment's probes ask the endpoints the services really map (ServiceDefaults' MapDefaultEndpoints).</summary>
public sealed class ProbeTests
{
    static Overlay Overlay => Overlay.Production;

    [Theory]
    [MemberData(nameof(ServiceDeploymentTests.Services), MemberType = typeof(ServiceDeploymentTests))]
    public void Each_service_is_ready_on_health_ready_and_alive_on_alive_over_its_http_port(string service)
    {
        var container = Overlay.Deployment(service).Spec.Template.Spec.Containers.Single();

        Assert.Equal("/health/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/alive", container.StartupProbe.HttpGet.Path);
        foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe })
            Assert.Equal("http", probe.HttpGet.Port.Value);
        var http = Assert.Single(container.Ports, p => p.Name == "http");
        Assert.Equal(8080, http.ContainerPort);
    }

    [Theory]
    [MemberData(nameof(ServiceDeploymentTests.Services), MemberType = typeof(ServiceDeploymentTests))]
    public void Each_service_maps_the_default_endpoints(string service)
    {
        var program = File.ReadAllText(Repository.Path("services", char.ToUpperInvariant(service[0]) + service[1..], "Program.cs"));

        Assert.Contains(".MapDefaultEndpoints()", program);
    }

    [Fact]
    public async Task Every_probed_path_answers_on_a_host_with_the_service_defaults()
    {
        var paths = Overlay.All<k8s.Models.V1Deployment>()
            .Where(d => d.Spec.Template.Metadata.Labels["app.kubernetes.io/component"] == "service")
            .SelectMany(d => d.Spec.Template.Spec.Containers.Single() is var c
                ? new[] { c.ReadinessProbe, c.LivenessProbe, c.StartupProbe } : [])
            .Select(p => p.HttpGet.Path).Distinct().ToList();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}; a probe on it would never pass");
        }
    }
}
