using DxTrack.Messaging.Audit;
using DxTrack.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DxTrack.Messaging;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers a service's own PostgreSQL <see cref="DbContext"/> (pooled, with Aspire's health check,
    /// telemetry and retries), wires the outbox signal into it, and applies its EF Core migrations at
    /// start, before the bus and the outbox dispatcher start.
    /// </summary>
    public static IHostApplicationBuilder AddDxDatabase<TDb>(this IHostApplicationBuilder builder, string connectionName)
        where TDb : DbContext, IMessagingDbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
                               ?? throw new InvalidOperationException($"Connection string '{connectionName}' (PostgreSQL) is missing.");

        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.TryAddSingleton<OutboxSignalInterceptor>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddSingleton<AuditInterceptor>();
        builder.Services.AddDbContextPool<TDb>((sp, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>(), sp.GetRequiredService<AuditInterceptor>()));
        builder.EnrichNpgsqlDbContext<TDb>();

        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();

        // Registered before the bus: hosted services start in order, so the schema exists first.
        builder.Services.AddHostedService<DatabaseMigrator<TDb>>();
        return builder;
    }
}
