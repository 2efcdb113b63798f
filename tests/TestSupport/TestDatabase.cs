using Npgsql;

namespace DxTrack.TestSupport;

/// <summary>A fresh, empty PostgreSQL database of its own, dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    readonly string _server;

    TestDatabase(string server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>Connection string to this database only.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a uniquely named database; EF migrations fill it.</summary>
    public static async Task<TestDatabase> CreateAsync(string prefix = "test")
    {
        var database = await ReserveAsync(prefix);
        await using var conn = new NpgsqlConnection(database._server);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>A unique database name that does not exist yet, for a service to create; dropped on dispose all the same.</summary>
    public static async Task<TestDatabase> ReserveAsync(string prefix = "test")
    {
        var server = await TestServers.PostgresAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
        return new TestDatabase(server, name, cs);
    }

    /// <summary>Whether the database exists on the server.</summary>
    public async Task<bool> ExistsAsync()
    {
        await using var conn = new NpgsqlConnection(_server);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", conn);
        cmd.Parameters.AddWithValue("name", Name);
        return (long)(await cmd.ExecuteScalarAsync())! == 1;
    }

    /// <summary>Runs a scalar query, for assertions on rows.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var result = await cmd.ExecuteScalarAsync();
        return (T)Convert.ChangeType(result!, typeof(T));
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var conn = new NpgsqlConnection(_server);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // A database left behind costs disk, not correctness; the servers are private to the test run.
        }
    }
}
