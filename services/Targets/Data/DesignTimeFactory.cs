using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DxTrack.Targets.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service (which needs its configuration).</summary>
sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TargetsDb>
{
    public TargetsDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<TargetsDb>()
        .UseNpgsql("Host=localhost;Database=targets_design", n => n.MigrationsHistoryTable("__ef_migrations_history"))
        .Options);
}
