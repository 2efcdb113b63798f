using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>
/// Forwards TCP connections to a local port, counting them, and can cut every open one at once: what a mail server
/// does to clients it considers idle, or a network does when it drops.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly int _target;
    readonly ConcurrentDictionary<TcpClient, TcpClient> _open = new();
    readonly CancellationTokenSource _stop = new();
    int _accepted;
    volatile bool _refusing;

    public TcpRelay(int target)
    {
        _target = target;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>
    /// While set, the server behind is down: open connections are cut and each new one is closed as soon as it is
    /// accepted, before the server's greeting.
    /// </summary>
    public bool Refusing
    {
        get => _refusing;
        set
        {
            _refusing = value;
            if (value) DropAll();
        }
    }

    /// <summary>Closes every open connection on both sides.</summary>
    public void DropAll()
    {
        foreach (var (client, server) in _open)
        {
            client.Dispose();
            server.Dispose();
            _open.TryRemove(client, out _);
        }
    }

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            if (_refusing)
            {
                client.Dispose();
                continue;
            }
            var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _target);
            _open[client] = server;
            _ = PumpAsync(client.GetStream(), server.GetStream(), client, server);
            _ = PumpAsync(server.GetStream(), client.GetStream(), client, server);
        }
    }

    async Task PumpAsync(Stream from, Stream to, TcpClient client, TcpClient server)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
        client.Dispose();
        server.Dispose();
        _open.TryRemove(client, out _);
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        DropAll();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
