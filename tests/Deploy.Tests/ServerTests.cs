using YamlDotNet.RepresentationModel;

namespace DxTrack.Deploy.Tests;

/// <summary>The servers come from their operators, highly available, with the database backed up continuously.</summary>
public sealed class ServerTests
{
    static Overlay Overlay => Overlay.Production;

    [Fact]
    public void The_broker_is_a_RabbitmqCluster_of_three_nodes_whose_Service_and_Secret_the_services_use()
    {
        var broker = Overlay.Custom("RabbitmqCluster", "messaging").Node;
        Assert.Equal("3", Text(broker["spec"]["replicas"]));

        // The operator names its client Service and default user's Secret after the cluster.
        foreach (var service in new[] { "targets", "submissions", "notifications" })
        {
            var pod = new PodEnvironment(Overlay.Deployment(service), Overlay);
            Assert.Equal("messaging-default-user", pod.Secrets["ConnectionStrings__messaging"].Name);
        }
    }

    [Fact]
    public async Task PostgreSQL_is_a_Cluster_of_three_with_a_database_and_role_per_service_backed_up_continuously()
    {
        var cluster = Overlay.Custom("Cluster", "postgres").Node;
        Assert.Equal("3", Text(cluster["spec"]["instances"]));

        var backup = (YamlMappingNode)cluster["spec"]["backup"];
        Assert.Matches("^[1-9][0-9]*[dwm]$", Text(backup["retentionPolicy"]));
        Assert.StartsWith("s3://", Text(backup["barmanObjectStore"]["destinationPath"]));
        var nightly = Assert.Single(Overlay.Objects, o => o.Kind == "ScheduledBackup");
        Assert.Equal("postgres", Text(nightly.Node["spec"]["cluster"]["name"]));

        var roles = ((YamlSequenceNode)cluster["spec"]["managed"]["roles"]).Cast<YamlMappingNode>()
            .ToDictionary(r => Text(r["name"]), r => Text(r["passwordSecret"]["name"]));
        foreach (var service in (await AppHostModel.ServicesAsync()).Values)
        {
            var database = Assert.Single(service.ConnectionStrings, c => c.EndsWith("db", StringComparison.Ordinal));
            var resource = Overlay.Custom("Database", database).Node;
            Assert.Equal(database, Text(resource["spec"]["name"]));
            Assert.Equal("postgres", Text(resource["spec"]["cluster"]["name"]));
            var owner = Text(resource["spec"]["owner"]);

            // The service logs in as the owner, with the password the operator gave that role.
            var pod = new PodEnvironment(Overlay.Deployment(service.Name), Overlay);
            var connection = pod.Values[$"ConnectionStrings__{database}"];
            Assert.Contains("Host=postgres-rw;", connection);
            Assert.Contains($"Database={database};", connection);
            Assert.Contains($"Username={owner};", connection);
            var password = Assert.Single(PodEnvironment.References(connection));
            Assert.Equal(roles[owner], pod.Secrets[password].Name);
        }
    }

    [Fact]
    public void Redis_is_a_replication_of_three_with_Sentinels_and_Targets_follows_its_primary()
    {
        var redis = Overlay.Custom("RedisReplication", "cache").Node;
        Assert.Equal("3", Text(redis["spec"]["clusterSize"]));
        Assert.True(int.Parse(Text(redis["spec"]["sentinel"]["size"])) >= 3, "a Sentinel quorum needs three");

        var targets = new PodEnvironment(Overlay.Deployment("targets"), Overlay);
        Assert.StartsWith("cache-master:6379,", targets.Values["ConnectionStrings__cache"]);
        var password = Assert.Single(PodEnvironment.References(targets.Values["ConnectionStrings__cache"]));
        Assert.Equal(Text(redis["spec"]["kubernetesConfig"]["redisSecret"]["name"]), targets.Secrets[password].Name);
    }

    [Fact]
    public void Telemetry_goes_from_the_collector_to_the_dashboard_with_the_key_the_dashboard_expects()
    {
        var collector = new PodEnvironment(Overlay.Deployment("otel-collector"), Overlay);
        var dashboard = new PodEnvironment(Overlay.Deployment("aspire-dashboard"), Overlay);
        var key = collector.Secrets["DASHBOARD_OTLP_API_KEY"];
        var expected = dashboard.Secrets["Dashboard__Otlp__PrimaryApiKey"];
        Assert.Equal((expected.Name, expected.Key), (key.Name, key.Key));

        var config = Overlay.All<k8s.Models.V1ConfigMap>().Single(c => c.Metadata.Name.StartsWith("otel-collector", StringComparison.Ordinal));
        var stream = new YamlStream();
        stream.Load(new StringReader(config.Data["config.yaml"]));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var exporter = root["exporters"]["otlp/aspire-dashboard"];
        Assert.Equal("aspire-dashboard:18889", Text(exporter["endpoint"]));
        Assert.Equal("${env:DASHBOARD_OTLP_API_KEY}", Text(exporter["headers"]["x-otlp-api-key"]));
        Assert.Contains(Overlay.Service("aspire-dashboard").Spec.Ports, p => p.Port == 18889);
        foreach (var signal in new[] { "traces", "metrics", "logs" })
            Assert.Contains("otlp/aspire-dashboard", ((YamlSequenceNode)root["service"]["pipelines"][signal]["exporters"]).Select(Text));
    }

    static string Text(YamlNode node) => ((YamlScalarNode)node).Value!;
}
