using DxTrack.Messaging.Audit;
using DxTrack.Messaging.Outbox;
using DxTrack.ServiceDefaults.Health;
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
    /// telemetry and retries), tells its <see cref="ICommitWatch"/>es (the outbox's among them) of committed changes, and applies its EF Core migrations at
    /// start, before the bus and the outbox dispatcher start.
    /// </summary>
    /// <param name="requiredForReady">
    /// Whether <c>/health/ready</c> asks for this database (it always counts in <c>/health</c>): true for a service
    /// that serves nothing without it; false for the gateway, which routes to the services without its own.
    /// </param>
    public static IHostApplicationBuilder AddDxDatabase<TDb>(this IHostApplicationBuilder builder, string connectionName,
        bool requiredForReady = true)
        where TDb : DbContext, IMessagingDbContext
    {
        var ownerConnectionString = Tuned(builder.Configuration.GetConnectionString(connectionName)
                               ?? throw new InvalidOperationException($"Connection string '{connectionName}' (PostgreSQL) is missing."),
            builder.Configuration);
        // The login owns the schema and migrates it; requests and consumers act as the writer role, which owns
        // nothing and may only append to the audit trail (docs/decisions/audit-chain.md).
        var writerRole = AuditTrailSchema.WriterRole(builder.Configuration["Database:WriterRole"]);
        var connectionString = AsRole(ownerConnectionString, writerRole);

        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommitWatch, OutboxCommitWatch>());
        builder.Services.TryAddSingleton<CommitWatchInterceptor>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddSingleton<AuditInterceptor>();
        builder.Services.AddDbContextPool<TDb>((sp, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history")
                // A few quick retries ride out a dropped connection; the default (6 retries, up to 30 s apart,
                // about a minute in all) kept a request waiting past the gateway's timeout when the database
                // was down, so the client got a 504 instead of this service's 503 with Retry-After.
                .EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: null))
            .AddInterceptors(sp.GetRequiredService<CommitWatchInterceptor>(), sp.GetRequiredService<AuditInterceptor>()));
        // Aspire's own check carries no tag; this one says whether the copy is ready.
        builder.EnrichNpgsqlDbContext<TDb>(settings => settings.DisableHealthChecks = true);
        builder.Services.AddHealthChecks().AddDbContextCheck<TDb>(connectionName,
            tags: requiredForReady ? [HealthTags.Ready, "database"] : ["database"]);

        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();

        // Registered before the bus: hosted services start in order, so the schema exists first.
        builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DatabaseMigrator<TDb>>(sp,
            new DatabaseOwner(ownerConnectionString, writerRole)));
        builder.Services.AddOptions<AuditOptions>().BindConfiguration("Audit").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<AuditSealer<TDb>>();
        return builder;
    }

    /// <summary>
    /// Three settings a connection string may set itself, else taken from configuration:
    /// <list type="bullet">
    /// <item>the pool is capped at <c>Database:MaxPoolSize</c> (32). Npgsql's default of 100 per process lets a
    /// handful of services exhaust a small server's <c>max_connections</c> under load; past the cap a request
    /// waits for a free connection instead;</item>
    /// <item>statements a connection runs again and again are prepared on the server, up to
    /// <c>Database:MaxAutoPrepare</c> (64) of them per connection: EF Core sends the same few statements for
    /// every request, and PostgreSQL then skips parsing and planning them;</item>
    /// <item>a connection goes back to the pool without being reset, unless <c>Database:ResetOnClose</c> is true.
    /// The reset is seven statements (<c>RESET ALL</c>, <c>DISCARD TEMP</c>, <c>pg_advisory_unlock_all()</c>…) sent
    /// with the next command, about half of all the statements a submission cost. DxTrack leaves no session state
    /// behind: settings are <c>SET LOCAL</c>, temporary tables are dropped on commit, and the one session lock (a
    /// reminder dispatcher's claim on an agency) is released in a <c>finally</c>, or dies with a broken connection.</item>
    /// </list>
    /// </summary>
    static string Tuned(string connectionString, IConfiguration configuration)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "Maximum Pool Size", "MaxPoolSize"))
            builder.MaxPoolSize = configuration.GetValue("Database:MaxPoolSize", DefaultMaxPoolSize);
        if (!Sets(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
            builder.MaxAutoPrepare = configuration.GetValue("Database:MaxAutoPrepare", DefaultMaxAutoPrepare);
        if (!Sets(connectionString, "No Reset On Close", "NoResetOnClose"))
            builder.NoResetOnClose = !configuration.GetValue("Database:ResetOnClose", false);
        return builder.ConnectionString;
    }

    /// <summary>The connection string whose sessions act as <paramref name="role"/> from their start (PostgreSQL's <c>role</c> setting).</summary>
    static string AsRole(string connectionString, string? role)
    {
        if (role is null) return connectionString;
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? $"-c role={role}" : $"{builder.Options} -c role={role}";
        return builder.ConnectionString;
    }

    static bool Sets(string connectionString, params string[] keys) =>
        keys.Any(key => connectionString.Contains(key, StringComparison.OrdinalIgnoreCase));

    public const int DefaultMaxAutoPrepare = 64;
    public const int DefaultMaxPoolSize = 32;
}
