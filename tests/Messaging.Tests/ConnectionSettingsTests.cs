using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// A service keeps at most a bounded number of PostgreSQL connections, so several share one server, and prepares
/// the statements it repeats, and does not reset a connection it returns to the pool; configuration sets each, a
/// connection string's own values win.
/// </summary>
public sealed class ConnectionSettingsTests
{
    const string Server = "Host=127.0.0.1;Port=5432;Username=u;Password=p;Database=d";

    [Theory]
    [InlineData(Server, null, DatabaseRegistration.DefaultMaxPoolSize)]
    [InlineData(Server, "7", 7)]
    [InlineData(Server + ";Maximum Pool Size=90", "7", 90)]
    public void The_pool_is_capped_unless_the_connection_string_says_otherwise(string connectionString, string? setting, int expected)
    {
        var used = ConnectionStringUsed(connectionString, ("Database:MaxPoolSize", setting));

        Assert.Equal(expected, used.MaxPoolSize);
    }

    [Theory]
    [InlineData(Server, null, DatabaseRegistration.DefaultMaxAutoPrepare)]
    [InlineData(Server, "0", 0)]
    [InlineData(Server + ";Max Auto Prepare=5", "20", 5)]
    public void Repeated_statements_are_prepared_unless_the_connection_string_says_otherwise(string connectionString,
        string? setting, int expected)
    {
        var used = ConnectionStringUsed(connectionString, ("Database:MaxAutoPrepare", setting));

        Assert.Equal(expected, used.MaxAutoPrepare);
    }

    [Theory]
    [InlineData(Server, null, true)]
    [InlineData(Server, "true", false)]
    [InlineData(Server + ";No Reset On Close=false", null, false)]
    public void Connections_return_to_the_pool_without_a_reset_unless_configured(string connectionString, string? setting,
        bool expected)
    {
        var used = ConnectionStringUsed(connectionString, ("Database:ResetOnClose", setting));

        Assert.Equal(expected, used.NoResetOnClose);
    }

    static NpgsqlConnectionStringBuilder ConnectionStringUsed(string connectionString, (string Key, string? Value) setting)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:testdb"] = connectionString,
            [setting.Key] = setting.Value,
        });
        builder.AddDxDatabase<TestDb>("testdb");
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();
        return new NpgsqlConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<TestDb>().Database.GetConnectionString());
    }
}
