using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DxTrack.Messaging.Tests;

/// <summary>A service keeps at most a bounded number of PostgreSQL connections, so several share one server.</summary>
public sealed class PoolLimitTests
{
    const string Server = "Host=127.0.0.1;Port=5432;Username=u;Password=p;Database=d";

    [Theory]
    [InlineData(Server, null, DatabaseRegistration.DefaultMaxPoolSize)]
    [InlineData(Server, "7", 7)]
    [InlineData(Server + ";Maximum Pool Size=90", "7", 90)]
    public void The_pool_is_capped_unless_the_connection_string_says_otherwise(string connectionString, string? setting, int expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:testdb"] = connectionString,
            ["Database:MaxPoolSize"] = setting,
        });
        builder.AddDxDatabase<TestDb>("testdb");
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();

        var used = scope.ServiceProvider.GetRequiredService<TestDb>().Database.GetConnectionString();

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(used).MaxPoolSize);
    }
}
