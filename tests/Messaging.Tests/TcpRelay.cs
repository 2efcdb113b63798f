using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// A loopback port that forwards to a real server until it is cut: then every open connection drops
/// and the port refuses new ones, as if the server's machine had gone away.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly string _host;
    readonly int _port;
    readonly CancellationTokenSource _cut = new();
    readonly ConcurrentBag<TcpClient> _connections = [];
    readonly Task _accepting;

    TcpRelay(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The relay's own port on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static TcpRelay To(string host, int port) => new(host, port);

    /// <summary>Drops every connection and closes the port.</summary>
    public void Cut()
    {
        if (_cut.IsCancellationRequested) return;
        _cut.Cancel();
        _listener.Stop();
        foreach (var connection in _connections) connection.Dispose();
    }

    async Task AcceptAsync()
    {
        while (!_cut.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_cut.Token); }
            catch (Exception) when (_cut.IsCancellationRequested) { return; }
            var upstream = new TcpClient();
            _connections.Add(client);
            _connections.Add(upstream);
            try { await upstream.ConnectAsync(_host, _port, _cut.Token); }
            catch (Exception)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }
            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream(), _cut.Token); }
        catch (Exception) { } // either side went away, or the relay was cut
        from.Dispose();
        to.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        await _accepting;
        _cut.Dispose();
    }
}
