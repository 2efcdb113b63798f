namespace DxTrack.Deploy.Tests;

public sealed class StrictReadingTests
{
    [Fact]
    public void Every_object_of_the_production_overlay_is_read_strictly()
    {
        var overlay = Overlay.Production;

        // Reading throws at the first object that fails; what is left to see is that nothing was skipped.
        Assert.Equal(overlay.Objects.Count(o => !o.ApiVersion.Contains('.') || o.ApiVersion.Contains("k8s.io")),
            overlay.Typed.Count);
        Assert.Contains(overlay.Objects, o => o.Kind == "RabbitmqCluster");
        Assert.Contains(overlay.Objects, o => o.Kind == "Cluster");
        Assert.Contains(overlay.Objects, o => o.Kind == "RedisReplication");
    }

    [Theory]
    [InlineData("misspelt-deployment.yaml", "readinesProbe")]
    [InlineData("misspelt-rabbitmqcluster.yaml", "spec.replica")]
    [InlineData("misspelt-cluster.yaml", "spec.backup.retention")]
    [InlineData("misspelt-metadata.yaml", "label")]
    [InlineData("wrong-type-cluster.yaml", "spec.instances: expected an integer")]
    [InlineData("wrong-type-cluster.yaml", "spec.backup.retentionPolicy: \"30\" does not match")]
    public void A_misspelt_or_mistyped_field_fails_the_check_naming_the_field(string fixture, string named)
    {
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture));

        var error = Assert.Throws<InvalidDataException>(() => new Overlay(yaml));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void A_kind_nobody_vendored_is_refused_rather_than_skipped()
    {
        const string yaml = """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              name: targets
            spec: {}
            """;

        var error = Assert.Throws<InvalidDataException>(() => new Overlay(yaml));

        Assert.Contains("ServiceMonitor", error.Message);
    }
}
