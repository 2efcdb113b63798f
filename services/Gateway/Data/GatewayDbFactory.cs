using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DxTrack.Gateway.Data;

/// <summary>For <c>dotnet ef migrations</c> only: Program needs configuration that design time does not have.</summary>
public sealed class GatewayDbFactory : IDesignTimeDbContextFactory<GatewayDb>
{
    public GatewayDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<GatewayDb>()
        .UseNpgsql("Host=localhost;Database=gatewaydb", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
        .Options);
}
