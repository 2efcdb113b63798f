using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DxTrack.TestSupport;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a real server (PostgreSQL, RabbitMQ, Redis, an SMTP server), so a test can
/// take the server away from a service and give it back on the same port, cut the open connections as a server
/// dropping idle clients would, or refuse new ones, without touching the shared server. It counts the connections
/// it accepted. It listens from the start.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable, IDisposable
{
    readonly string _targetHost;
    readonly int _targetPort;
    readonly ConcurrentDictionary<TcpClient, TcpClient> _open = new();
    readonly Lock _gate = new();
    TcpListener? _listener;
    CancellationTokenSource? _stop;
    int _accepted;
    volatile bool _refusing;

    public TcpRelay(string host, int port)
    {
        _targetHost = host;
        _targetPort = port;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Start();
    }

    /// <summary>A relay to a server on 127.0.0.1.</summary>
    public TcpRelay(int port) : this("127.0.0.1", port)
    {
    }

    /// <summary>A relay to <c>host:port</c>, the first server of a StackExchange.Redis configuration included.</summary>
    public static TcpRelay To(string endpoint)
    {
        var parts = endpoint.Split(',')[0].Split(':');
        return new TcpRelay(parts[0], int.Parse(parts[1]));
    }

    /// <summary>The relay's own port on 127.0.0.1; the same across <see cref="Stop"/> and <see cref="Start"/>.</summary>
    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Connections accepted so far, refused ones included.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>
    /// While true, the port stays open but every connection is closed as soon as it is accepted (a server that
    /// is up but not serving); setting it also cuts the open connections.
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

    /// <summary>Listens again after <see cref="Stop"/>; does nothing while listening.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null) return;
            _stop = new CancellationTokenSource();
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _ = AcceptAsync(_listener, _stop.Token);
        }
    }

    /// <summary>Closes the port and cuts the open connections, as a crashed server would.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stop?.Cancel();
            _listener?.Stop();
            _listener = null;
        }
        DropAll();
    }

    /// <summary>Closes every open connection on both sides; new ones are still accepted.</summary>
    public void DropAll()
    {
        foreach (var (client, server) in _open)
        {
            client.Dispose();
            server.Dispose();
            _open.TryRemove(client, out _);
        }
    }

    async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(ct);
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
            try
            {
                await server.ConnectAsync(_targetHost, _targetPort, ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }
            _open[client] = server;
            _ = PumpAsync(client.GetStream(), server.GetStream(), client, server, ct);
            _ = PumpAsync(server.GetStream(), client.GetStream(), client, server, ct);
        }
    }

    async Task PumpAsync(Stream from, Stream to, TcpClient client, TcpClient server, CancellationToken ct)
    {
        try
        {
            await from.CopyToAsync(to, ct);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
        client.Dispose();
        server.Dispose();
        _open.TryRemove(client, out _);
    }

    public void Dispose() => Stop();

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
