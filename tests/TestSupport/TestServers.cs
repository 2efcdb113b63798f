using DotNet.Testcontainers.Configurations;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace DxTrack.TestSupport;

/// <summary>
/// The real servers tests run against. <c>./test.sh</c> starts private local servers and exports
/// <c>DXTRACK_TEST_POSTGRES</c>, <c>DXTRACK_TEST_RABBITMQ</c>, <c>DXTRACK_TEST_RABBITMQ_MANAGEMENT</c>
/// and <c>DXTRACK_TEST_REDIS</c>; where they are not set, Testcontainers starts one container of
/// each per test process. Tests isolate themselves inside them (own database, vhost, key prefix).
/// </summary>
public static class TestServers
{
    static readonly Lazy<Task<string>> PostgresLazy = new(() => FromEnvOr("DXTRACK_TEST_POSTGRES", async () =>
    {
        var c = new PostgreSqlBuilder("postgres:15").Build();
        await c.StartAsync();
        return c.GetConnectionString();
    }));

    static readonly Lazy<Task<(string Amqp, string Management)>> RabbitLazy = new(async () =>
    {
        var amqp = Environment.GetEnvironmentVariable("DXTRACK_TEST_RABBITMQ");
        var mgmt = Environment.GetEnvironmentVariable("DXTRACK_TEST_RABBITMQ_MANAGEMENT");
        if (!string.IsNullOrWhiteSpace(amqp) && !string.IsNullOrWhiteSpace(mgmt)) return (amqp, mgmt);
        var c = new RabbitMqBuilder("rabbitmq:3.13-management")
            .WithUsername("guest").WithPassword("guest")
            .WithPortBinding(15672, true).Build();
        await c.StartAsync();
        return (c.GetConnectionString(), $"http://{c.Hostname}:{c.GetMappedPublicPort(15672)}");
    });

    static readonly Lazy<Task<string>> RedisLazy = new(() => FromEnvOr("DXTRACK_TEST_REDIS", async () =>
    {
        var c = new RedisBuilder("redis:7.0").Build();
        await c.StartAsync();
        return c.GetConnectionString();
    }));

    /// <summary>Connection string of the PostgreSQL server (maintenance database).</summary>
    public static Task<string> PostgresAsync() => PostgresLazy.Value;

    /// <summary>AMQP URI of the broker (default vhost) and the management API base URL.</summary>
    public static Task<(string Amqp, string Management)> RabbitMqAsync() => RabbitLazy.Value;

    /// <summary>host:port of the Redis server.</summary>
    public static Task<string> RedisAsync() => RedisLazy.Value;

    static async Task<string> FromEnvOr(string variable, Func<Task<string>> container)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value)) return value;
        if (!DockerAvailable())
            throw new InvalidOperationException(
                $"{variable} is not set and no container runtime answers. Run the tests through ./test.sh, " +
                "which starts local servers and sets it.");
        return await container();
    }

    static bool DockerAvailable()
    {
        try { return TestcontainersSettings.OS.DockerEndpointAuthConfig is not null; }
        catch { return false; }
    }
}
