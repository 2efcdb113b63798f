using k8s.Models;

namespace DxTrack.Deploy.Tests;

/// <summary>
/// Only the gateway is reached from outside; inside, each service is reached only from the gateway and
/// reaches only its own servers, the cluster's DNS, the telemetry collector and the identity provider.
/// </summary>
public sealed class ExposureTests
{
    static Overlay Overlay => Overlay.Production;

    const string Ingresses = "ingress-nginx";

    [Fact]
    public void Only_the_gateway_and_the_signed_in_dashboard_are_reached_through_an_ingress()
    {
        Assert.All(Overlay.All<V1Service>(), s => Assert.True(s.Spec.Type is null or "ClusterIP",
            $"Service {s.Metadata.Name} is {s.Spec.Type}: only the ingress exposes anything"));
        Assert.All(Overlay.All<V1Deployment>(), d => Assert.All(d.Spec.Template.Spec.Containers,
            c => Assert.All(c.Ports ?? [], p => Assert.Null(p.HostPort))));

        var backends = Overlay.All<V1Ingress>()
            .SelectMany(i => i.Spec.Rules.SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service.Name))
            .ToHashSet();
        Assert.Equal(new HashSet<string> { "gateway", "aspire-dashboard" }, backends);
        Assert.All(Overlay.All<V1Ingress>(), i => Assert.NotEmpty(i.Spec.Tls));

        // The dashboard shows every service's telemetry: sign-in first, and its OTLP port stays inside.
        var dashboard = new PodEnvironment(Overlay.Deployment("aspire-dashboard"), Overlay);
        Assert.Equal("OpenIdConnect", dashboard.Values["Dashboard__Frontend__AuthMode"]);
        Assert.Equal("ApiKey", dashboard.Values["Dashboard__Otlp__AuthMode"]);
        Assert.Contains("Dashboard__Otlp__PrimaryApiKey", dashboard.Secrets.Keys);
        Assert.Contains("Authentication__Schemes__OpenIdConnect__ClientSecret", dashboard.Secrets.Keys);
        Assert.All(Overlay.All<V1Ingress>().Where(i => i.Metadata.Name == "aspire-dashboard")
                .SelectMany(i => i.Spec.Rules.SelectMany(r => r.Http.Paths)),
            p => Assert.Equal("frontend", p.Backend.Service.Port.Name));
    }

    [Theory]
    [MemberData(nameof(ServiceDeploymentTests.Services), MemberType = typeof(ServiceDeploymentTests))]
    public void Each_service_is_reached_only_from_the_gateway_and_the_gateway_only_from_the_ingress_controller(string service)
    {
        var policies = PoliciesOf(service);
        Assert.Contains(policies, p => p.Spec.PolicyTypes.Contains("Ingress"));

        var allowed = policies.Where(p => p.Spec.PolicyTypes.Contains("Ingress"))
            .SelectMany(p => p.Spec.Ingress ?? []).ToList();
        Assert.All(allowed, rule =>
        {
            Assert.NotEmpty(rule.FromProperty ?? []); // an empty "from" admits everyone
            Assert.All(rule.Ports, port => Assert.Equal("8080", port.Port.Value));
        });
        var peers = allowed.SelectMany(r => r.FromProperty).Select(Describe).ToHashSet();
        Assert.Equal(service == "gateway" ? [$"namespace {Ingresses}"] : new HashSet<string> { "pods app.kubernetes.io/name=gateway" }, peers);
    }

    [Theory]
    [MemberData(nameof(ServiceDeploymentTests.Services), MemberType = typeof(ServiceDeploymentTests))]
    public async Task Each_service_reaches_only_its_servers_the_DNS_the_collector_and_the_identity_provider(string service)
    {
        var appHost = (await AppHostModel.ServicesAsync())[service];
        var policies = PoliciesOf(service);
        Assert.Contains(policies, p => p.Spec.PolicyTypes.Contains("Egress"));

        var expected = new HashSet<string>
        {
            "namespace kube-system, pods k8s-app=kube-dns:53/UDP",
            "namespace kube-system, pods k8s-app=kube-dns:53/TCP",
            "pods app.kubernetes.io/name=otel-collector:4317/TCP",
            "addresses:443/TCP", // the identity provider's keys
        };
        foreach (var name in appHost.ConnectionStrings)
            foreach (var server in ServerOf(name)) expected.Add(server);
        foreach (var project in appHost.Projects)
            expected.Add($"pods app.kubernetes.io/name={project}:8080/TCP");

        var allowed = policies.Where(p => p.Spec.PolicyTypes.Contains("Egress")).SelectMany(p => p.Spec.Egress ?? [])
            .SelectMany(rule =>
            {
                Assert.NotEmpty(rule.To ?? []);   // an empty "to" reaches everything
                Assert.NotEmpty(rule.Ports ?? []); // and no ports, every port
                return rule.To!.SelectMany(peer => rule.Ports!.Select(port => $"{Describe(peer)}:{port.Port.Value}/{port.Protocol}"));
            })
            .ToHashSet();
        Assert.Equal(expected.Order(), allowed.Order());
    }

    /// <summary>The servers a connection string reaches, as NetworkPolicy peers.</summary>
    static string[] ServerOf(string connectionString) => connectionString switch
    {
        _ when connectionString.EndsWith("db", StringComparison.Ordinal) => ["pods cnpg.io/cluster=postgres:5432/TCP"],
        "messaging" => ["pods app.kubernetes.io/name=messaging:5672/TCP"],
        "cache" => ["pods app=cache:6379/TCP"],
        "mail" => ["addresses:587/TCP", "addresses:465/TCP"], // the mail relay, outside the cluster
        _ => throw new Xunit.Sdk.XunitException($"No server is known for the connection string {connectionString}"),
    };

    static IReadOnlyList<V1NetworkPolicy> PoliciesOf(string service) =>
        Overlay.PoliciesFor(Overlay.Deployment(service).Spec.Template.Metadata.Labels);

    static string Describe(V1NetworkPolicyPeer peer)
    {
        if (peer.IpBlock is { } block)
        {
            Assert.NotEqual("0.0.0.0/0", block.Cidr); // an address range, not the whole internet
            Assert.EndsWith("/32", block.Cidr);
            return "addresses";
        }
        var parts = new List<string>();
        if (peer.NamespaceSelector is { } ns) parts.Add("namespace " + string.Join(",", ns.MatchLabels.Values));
        if (peer.PodSelector is { } pods) parts.Add("pods " + string.Join(",", pods.MatchLabels.Select(l => $"{l.Key}={l.Value}")));
        return string.Join(", ", parts);
    }
}
