using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace DxTrack.Deploy.Tests;

/// <summary>Each service's Deployment: how it is run, sized, scaled and kept available.</summary>
public sealed class ServiceDeploymentTests
{
    public static TheoryData<string> Services => ["gateway", "targets", "submissions", "notifications"];

    static Overlay Overlay => Overlay.Production;

    [Fact]
    public async Task The_overlay_runs_every_service_of_the_AppHost_and_no_other()
    {
        var appHost = (await AppHostModel.ServicesAsync()).Keys.Order();
        var deployed = Overlay.All<V1Deployment>()
            .Where(d => d.Spec.Template.Metadata.Labels.TryGetValue("app.kubernetes.io/component", out var c) && c == "service")
            .Select(d => d.Metadata.Name).Order();

        Assert.Equal(appHost, deployed);
        Assert.Equal(appHost, Services.Select(s => (string)s.Data).Order());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_service_runs_as_a_non_root_user_on_a_read_only_root(string service)
    {
        var pod = Overlay.Deployment(service).Spec.Template.Spec;
        var container = pod.Containers.Single();

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.NotEqual(true, pod.HostNetwork);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.True(container.SecurityContext.RunAsNonRoot);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.True(container.SecurityContext.Capabilities.Add is null or { Count: 0 });
        Assert.NotEqual(true, container.SecurityContext.Privileged);
        // The runtime writes its diagnostics socket and temporary files under /tmp.
        var tmp = Assert.Single(container.VolumeMounts, m => m.MountPath == "/tmp");
        Assert.NotNull(pod.Volumes.Single(v => v.Name == tmp.Name).EmptyDir);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_service_has_requests_and_limits_whose_memory_holds_its_measured_peak(string service)
    {
        var resources = Overlay.Deployment(service).Spec.Template.Spec.Containers.Single().Resources;
        foreach (var name in new[] { "cpu", "memory" })
        {
            Assert.True(resources.Requests.ContainsKey(name), $"{service} requests no {name}");
            Assert.True(resources.Limits.ContainsKey(name), $"{service} has no {name} limit");
            Assert.True(resources.Requests[name].ToDecimal() <= resources.Limits[name].ToDecimal(), $"{service}: {name} request above its limit");
        }

        // In a container the .NET GC's heap limit is 75 % of the memory limit; the peak the bench measured must fit in it.
        var peakBytes = MeasuredPeakMB(service) * 1_000_000m;
        var limit = resources.Limits["memory"].ToDecimal();
        Assert.True(limit * 0.75m >= peakBytes,
            $"{service}: memory limit {resources.Limits["memory"]} leaves the GC {limit * 0.75m / 1_000_000m:0} MB, below the measured peak of {MeasuredPeakMB(service)} MB");
        Assert.True(resources.Requests["memory"].ToDecimal() >= peakBytes * 0.9m,
            $"{service}: memory request {resources.Requests["memory"]} far below the measured peak of {MeasuredPeakMB(service)} MB");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_service_scales_on_CPU_from_two_copies_and_keeps_one_through_a_disruption(string service)
    {
        var deployment = Overlay.Deployment(service);
        var labels = deployment.Spec.Template.Metadata.Labels;

        var hpa = Assert.Single(Overlay.All<V2HorizontalPodAutoscaler>(), h => h.Spec.ScaleTargetRef.Name == service);
        Assert.Equal(("apps/v1", "Deployment"), (hpa.Spec.ScaleTargetRef.ApiVersion, hpa.Spec.ScaleTargetRef.Kind));
        Assert.True(hpa.Spec.MinReplicas >= 2, $"{service}: one copy is a single point of failure");
        Assert.True(hpa.Spec.MaxReplicas > hpa.Spec.MinReplicas);
        Assert.Contains(hpa.Spec.Metrics, m => m.Type == "Resource" && m.Resource.Name == "cpu");

        var pdb = Assert.Single(Overlay.All<V1PodDisruptionBudget>(), p => Overlay.Selects(p.Spec.Selector, labels));
        Assert.True(pdb.Spec.MinAvailable?.Value is "1" || pdb.Spec.MaxUnavailable?.Value is "1",
            $"{service}: the disruption budget must keep all but one copy");
        Assert.Equal(0, int.Parse(deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The peak working set of a service in the bench's table (bench/RESULTS.md, the memory rows).</summary>
    static int MeasuredPeakMB(string service)
    {
        var results = File.ReadAllText(Repository.Path("bench", "RESULTS.md"));
        var row = Regex.Match(results, $@"^\| memory \| {service} working set after the run \|.*?peak during the run (\d+) MB", RegexOptions.Multiline);
        Assert.True(row.Success, $"bench/RESULTS.md has no memory row for {service}");
        return int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
