using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DxTrack.Notifications;

/// <summary>Lets <c>dotnet ef</c> build the model without the service's configuration.</summary>
public sealed class NotificationsDbFactory : IDesignTimeDbContextFactory<NotificationsDb>
{
    public NotificationsDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<NotificationsDb>()
        .UseNpgsql("Host=localhost;Database=notificationsdb_design",
            npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
        .Options);
}
