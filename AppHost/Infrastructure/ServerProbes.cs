using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DxTrack.AppHost.Infrastructure;

/// <summary>
/// Readiness probes the AppHost runs against the servers it starts, so that <c>WaitFor</c> means
/// "answers requests", not merely "process started". Each does the smallest real exchange.
/// </summary>
public static class ServerProbes
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    static readonly HttpClient Http = new() { Timeout = Timeout };

    public static async Task<HealthCheckResult> PostgresAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            var csb = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Timeout = 3, Pooling = false };
            await using var connection = new NpgsqlConnection(csb.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }

    public static async Task<HealthCheckResult> PostgresDatabaseAsync(string connectionString, string database, CancellationToken ct)
    {
        try
        {
            var csb = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Timeout = 3, Pooling = false };
            await using var connection = new NpgsqlConnection(csb.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
            command.Parameters.AddWithValue("name", database);
            return await command.ExecuteScalarAsync(ct) is null
                ? HealthCheckResult.Unhealthy($"Database {database} does not exist yet.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }

    /// <summary>Creates each database that does not exist yet, one at a time (concurrent CREATE DATABASE conflicts on template1).</summary>
    public static async Task CreateDatabasesAsync(string connectionString, IEnumerable<string> databases, CancellationToken ct)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(csb.ConnectionString);
        await connection.OpenAsync(ct);
        foreach (var database in databases)
        {
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(ct) is not null) continue;
            var quoted = "\"" + database.Replace("\"", "\"\"") + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Redis answers <c>PING</c> with <c>+PONG</c>.</summary>
    public static Task<HealthCheckResult> RedisAsync(string host, int port, CancellationToken ct) =>
        ExchangeAsync(host, port, "PING\r\n", reply => reply.StartsWith("+PONG", StringComparison.Ordinal), ct);

    /// <summary>An SMTP server greets with <c>220</c>.</summary>
    public static Task<HealthCheckResult> SmtpAsync(string host, int port, CancellationToken ct) =>
        ExchangeAsync(host, port, send: null, reply => reply.StartsWith("220", StringComparison.Ordinal), ct);

    /// <summary>RabbitMQ: the AMQP port accepts connections and the management API answers.</summary>
    public static async Task<HealthCheckResult> RabbitMQAsync(string host, int amqpPort, Uri managementApi, CancellationToken ct)
    {
        var amqp = await ExchangeAsync(host, amqpPort, "AMQP\0\0\x09\x01",
            reply => reply.StartsWith("\x01", StringComparison.Ordinal), ct); // connection.start frame
        if (amqp.Status != HealthStatus.Healthy) return amqp;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(managementApi, "/api/overview"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
            using var response = await Http.SendAsync(request, ct);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Management API answered {(int)response.StatusCode}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }

    static async Task<HealthCheckResult> ExchangeAsync(string host, int port, string? send, Func<string, bool> ok, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            if (send is not null) await stream.WriteAsync(Encoding.Latin1.GetBytes(send), timeout.Token);
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            var reply = Encoding.Latin1.GetString(buffer, 0, read);
            return ok(reply)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{host}:{port} answered '{reply.Trim()}'.");
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            if (ct.IsCancellationRequested) throw;
            return HealthCheckResult.Unhealthy($"{host}:{port}: {e.Message}");
        }
    }
}
