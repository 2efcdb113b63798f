namespace DxTrack.TestSupport;

/// <summary>A key prefix of its own on the shared Redis server.</summary>
public static class TestRedis
{
    public static async Task<(string Configuration, string Prefix)> CreateAsync(string prefix = "test") =>
        (await TestServers.RedisAsync(), $"{prefix}-{Guid.NewGuid():N}:");
}
