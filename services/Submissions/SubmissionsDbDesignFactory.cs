using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DxTrack.Submissions;

/// <summary>Lets <c>dotnet ef</c> build the model without the service's configuration.</summary>
sealed class SubmissionsDbDesignFactory : IDesignTimeDbContextFactory<SubmissionsDb>
{
    public SubmissionsDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SubmissionsDb>()
            .UseNpgsql("Host=localhost;Database=submissions_design",
                npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}
