using System.Net;
using System.Net.Sockets;

namespace DxTrack.Targets.Tests.Support;

/// <summary>
/// A TCP relay in front of the real Redis server, so a test can take Redis away from the service and bring it back
/// (same port) without touching the shared server.
/// </summary>
public sealed class TcpRelay : IDisposable
{
    readonly string _targetHost;
    readonly int _targetPort;
    readonly List<TcpClient> _open = [];
    TcpListener? _listener;
    CancellationTokenSource _stop = new();

    public TcpRelay(string target)
    {
        var parts = target.Split(',')[0].Split(':');
        _targetHost = parts[0];
        _targetPort = int.Parse(parts[1]);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }
    public string Endpoint => $"127.0.0.1:{Port}";

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _stop.Token);
    }

    /// <summary>Refuses new connections and cuts the open ones, as a crashed server would.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await listener.AcceptTcpClientAsync(ct); }
            catch (Exception) { return; }
            var outbound = new TcpClient();
            try { await outbound.ConnectAsync(_targetHost, _targetPort, ct); }
            catch (Exception) { inbound.Dispose(); outbound.Dispose(); continue; }
            lock (_open) { _open.Add(inbound); _open.Add(outbound); }
            _ = PumpAsync(inbound, outbound, ct);
            _ = PumpAsync(outbound, inbound, ct);
        }
    }

    static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken ct)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream(), ct); }
        catch (Exception) { }
        from.Dispose();
        to.Dispose();
    }

    public void Dispose() => Stop();
}
