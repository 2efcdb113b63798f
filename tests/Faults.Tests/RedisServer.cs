using StackExchange.Redis;

namespace DxTrack.Faults.Tests;

/// <summary>A private Redis on a free port, nothing persisted (a restart comes back empty, as a cache may).</summary>
public sealed class RedisServer(string folder) : IAsyncDisposable
{
    ChildProcess? _process;
    ConnectionMultiplexer? _client;

    public int Port { get; } = ChildProcess.FreePort();
    public string Configuration => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        _process ??= new ChildProcess("redis", "redis-server",
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder],
            Path.Combine(folder, "redis.log"));
        _process.Start();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await AnswersAsync())
        {
            if (DateTime.UtcNow > until || !_process.IsRunning)
                throw new InvalidOperationException($"Redis did not start.\n{_process.Tail()}");
            await Task.Delay(100);
        }
    }

    async Task<bool> AnswersAsync()
    {
        try
        {
            await using var c = await ConnectionMultiplexer.ConnectAsync(Configuration + ",connectTimeout=500,abortConnect=true");
            return c.IsConnected;
        }
        catch (RedisConnectionException) { return false; }
    }

    public Task StopAsync() => _process?.StopAsync(Native.SigTerm, TimeSpan.FromSeconds(10)) ?? Task.CompletedTask;

    /// <summary>Keys with the prefix, counted with SCAN (what the cache holds now).</summary>
    public async Task<int> CountKeysAsync(string prefix)
    {
        _client ??= await ConnectionMultiplexer.ConnectAsync(Configuration + ",abortConnect=false,connectTimeout=1000");
        var server = _client.GetServer(Configuration);
        var count = 0;
        await foreach (var _ in server.KeysAsync(pattern: prefix + "*")) count++;
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_process is not null) await _process.DisposeAsync();
    }
}
