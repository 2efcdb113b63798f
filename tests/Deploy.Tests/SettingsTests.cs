using System.Text.RegularExpressions;
using k8s.Models;

namespace DxTrack.Deploy.Tests;

/// <summary>Every setting a service reads is given to it, as the AppHost gives it, with secrets from Secrets.</summary>
public sealed partial class SettingsTests
{
    static Overlay Overlay => Overlay.Production;

    [Theory]
    [MemberData(nameof(ServiceDeploymentTests.Services), MemberType = typeof(ServiceDeploymentTests))]
    public async Task Each_service_is_given_every_setting_the_AppHost_gives_it(string service)
    {
        var appHost = (await AppHostModel.ServicesAsync())[service];
        var pod = new PodEnvironment(Overlay.Deployment(service), Overlay);

        foreach (var (name, value) in appHost.Environment)
        {
            if (ServiceAddress().Match(name) is { Success: true } address)
            {
                // Service discovery's address of another service: in the cluster, its Service's name.
                var target = Overlay.Service(address.Groups[1].Value);
                Assert.Contains(target.Spec.Ports, p => p.Name == address.Groups[2].Value);
                continue;
            }
            if (ServiceUrl().Match(name) is { Success: true } url && appHost.Projects.Contains(url.Groups[1].Value.ToLowerInvariant()))
            {
                Assert.Contains(Overlay.Service(url.Groups[1].Value.ToLowerInvariant()).Spec.Ports, p => p.Name == url.Groups[2].Value.ToLowerInvariant());
                continue;
            }
            if (OrchestrationOnly(name)) continue;
            Assert.True(pod.Provides(name), $"{service} is not given {name}, which the AppHost gives it");
            if (value is string literal && name != "ASPNETCORE_ENVIRONMENT")
                Assert.True(pod.Values.TryGetValue(name, out var given) && given == literal,
                    $"{service}: {name} is '{literal}' under the AppHost and '{(pod.Values.TryGetValue(name, out var g) ? g : "(a secret)")}' here");
        }
        Assert.Equal("Production", pod.Values["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal(service, pod.Values["OTEL_SERVICE_NAME"]);
        Assert.Equal("http://otel-collector:4317", pod.Values["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Contains(Overlay.Service("otel-collector").Spec.Ports, p => p.Port == 4317);
    }

    [Theory]
    [MemberData(nameof(ServiceDeploymentTests.Services), MemberType = typeof(ServiceDeploymentTests))]
    public void Each_connection_string_the_service_reads_in_its_source_is_given(string service)
    {
        var pod = new PodEnvironment(Overlay.Deployment(service), Overlay);

        var names = ConnectionStringsReadBy(service);
        Assert.NotEmpty(names);
        foreach (var name in names)
            Assert.True(pod.Provides($"ConnectionStrings__{name}"), $"{service} reads the connection string '{name}' and is not given it");
    }

    [Theory]
    [MemberData(nameof(ServiceDeploymentTests.Services), MemberType = typeof(ServiceDeploymentTests))]
    public void Connection_strings_and_the_signing_key_come_from_Secrets(string service)
    {
        var pod = new PodEnvironment(Overlay.Deployment(service), Overlay);
        var secretSettings = pod.Values.Keys.Concat(pod.Secrets.Keys)
            .Where(n => n.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || n == "Auth__SigningKey").ToList();
        Assert.Contains("Auth__SigningKey", pod.Secrets.Keys);

        foreach (var name in secretSettings)
        {
            if (pod.Secrets.ContainsKey(name)) continue;
            // A connection string assembled from its parts: every credential in it is a $(VARIABLE) from a Secret.
            var value = pod.Values[name];
            Assert.True(pod.ReferencesResolve(name), $"{service}: {name} refers to a variable not defined before it");
            var references = PodEnvironment.References(value).ToList();
            Assert.NotEmpty(references);
            Assert.All(references, r => Assert.True(pod.Secrets.ContainsKey(r), $"{service}: {name} takes $({r}), which is not from a Secret"));
            Assert.DoesNotMatch(LiteralCredential(), value);
        }
        Assert.DoesNotContain(pod.Values, v => v.Key.Contains("Password", StringComparison.OrdinalIgnoreCase)
                                              || v.Key.Contains("Secret", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_Secret_the_deployment_reads_is_documented_with_who_creates_it()
    {
        var readme = File.ReadAllText(Repository.Path("deploy", "kubernetes", "README.md"));
        var secrets = Overlay.All<V1Deployment>()
            .SelectMany(d => d.Spec.Template.Spec.Containers.SelectMany(c => c.Env ?? []))
            .Select(e => e.ValueFrom?.SecretKeyRef).OfType<V1SecretKeySelector>()
            .Select(s => (s.Name, s.Key))
            .Concat(OperatorSecrets())
            .Distinct();

        Assert.All(secrets, s => Assert.True(readme.Contains($"| `{s.Name}` | `{s.Key}` |"),
            $"deploy/kubernetes/README.md does not list the Secret {s.Name} (key {s.Key})"));
    }

    /// <summary>The Secrets the operators' resources read (passwords of the database roles, backup credentials, Redis).</summary>
    static IEnumerable<(string Name, string Key)> OperatorSecrets()
    {
        var cluster = Overlay.Custom("Cluster", "postgres").Node;
        foreach (var role in (YamlDotNet.RepresentationModel.YamlSequenceNode)cluster["spec"]["managed"]["roles"])
            yield return (((YamlDotNet.RepresentationModel.YamlScalarNode)role["passwordSecret"]["name"]).Value!, "password");
        var s3 = cluster["spec"]["backup"]["barmanObjectStore"]["s3Credentials"];
        foreach (var part in new[] { "accessKeyId", "secretAccessKey" })
            yield return (Text(s3[part]["name"]), Text(s3[part]["key"]));
        var redis = Overlay.Custom("RedisReplication", "cache").Node["spec"]["kubernetesConfig"]["redisSecret"];
        yield return (Text(redis["name"]), Text(redis["key"]));
    }

    static string Text(YamlDotNet.RepresentationModel.YamlNode node) => ((YamlDotNet.RepresentationModel.YamlScalarNode)node).Value!;

    /// <summary>The connection strings a service's source reads: its database, the bus, clients and its own names.</summary>
    static IReadOnlySet<string> ConnectionStringsReadBy(string service)
    {
        var folder = Repository.Path("services", char.ToUpperInvariant(service[0]) + service[1..]);
        var source = string.Join("\n", Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText));
        var names = ConnectionName().Matches(source).Select(m => m.Groups["name"].Value).ToHashSet();
        if (source.Contains("AddDxMessaging<", StringComparison.Ordinal))
            names.UnionWith(ConnectionName().Matches(File.ReadAllText(Repository.Path("services", "Messaging", "MessagingRegistration.cs")))
                .Select(m => m.Groups["name"].Value));
        return names;
    }

    // What Aspire's orchestrator sets for a process it starts, which the image and the manifests provide otherwise:
    // the listening port (the image's 8080), OpenTelemetry's endpoint and resource (checked above), console formatting.
    static bool OrchestrationOnly(string name) =>
        name.StartsWith("OTEL_", StringComparison.Ordinal) || name.StartsWith("DOTNET_", StringComparison.Ordinal)
        || name.StartsWith("ASPIRE_", StringComparison.Ordinal) || name.StartsWith("LOGGING__CONSOLE", StringComparison.OrdinalIgnoreCase)
        || name is "ASPNETCORE_URLS" or "HTTP_PORTS" or "ASPNETCORE_HTTP_PORTS" or "PORT" or "ASPNETCORE_FORWARDEDHEADERS_ENABLED";

    [GeneratedRegex(@"^services__([a-z0-9-]+)__([a-z]+)__\d+$")]
    private static partial Regex ServiceAddress();

    [GeneratedRegex(@"^([A-Z0-9]+)_(HTTP|HTTPS)$")]
    private static partial Regex ServiceUrl();

    [GeneratedRegex("""(AddDxDatabase<\w+>\(|ConnectionName\s*=\s*|Add\w+Client\(|GetConnectionString\()"(?<name>[a-z0-9-]+)"\s*[,)]?""")]
    private static partial Regex ConnectionName();

    [GeneratedRegex(@"(?i)(password=|://[^:/@]+:)(?!\$\()")]
    private static partial Regex LiteralCredential();
}
