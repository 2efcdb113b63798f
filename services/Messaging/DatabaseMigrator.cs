using DxTrack.Messaging.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DxTrack.Messaging;

/// <summary>
/// Applies the service's EF Core migrations when it starts, creating the database if needed. Instances of a
/// service that start together (scaled out, or restarted side by side) take turns: one creates the database and
/// applies the migrations, the others wait for it and then find nothing to do.
/// </summary>
/// <remarks>
/// It connects as the database's owner (the configured login), not as the writer role requests use: after the
/// migrations it makes the audit trail append-only and grants the writer what it may do (<see cref="AuditTrailSchema"/>).
/// </remarks>
sealed class DatabaseMigrator<TDb>(IServiceProvider services, DatabaseOwner owner, ILogger<DatabaseMigrator<TDb>> logger)
    : IHostedService
    where TDb : DbContext
{
    static readonly long MigrationLock = AdvisoryLockKey.For("migrations:" + typeof(TDb).FullName);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<TDb>()
            .UseNpgsql(owner.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .Options;
        await using var db = ActivatorUtilities.CreateInstance<TDb>(services, options);
        await CreateDatabaseAsync(db, cancellationToken);

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                {
                    logger.LogInformation("Applying {Count} migrations to {Database}", pending.Count, typeof(TDb).Name);
                    await db.Database.MigrateAsync(cancellationToken);
                }
                await AuditTrailSchema.ApplyAsync((NpgsqlConnection)db.Database.GetDbConnection(), owner.WriterRole,
                    cancellationToken);
            }
            finally
            {
                // The connection goes back to the pool, and a session lock would go with it.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Creates the database unless it exists; another instance creating it at the same moment is no error.</summary>
    async Task CreateDatabaseAsync(TDb db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct)) return;
        try
        {
            await creator.CreateAsync(ct);
            logger.LogInformation("Created the database of {Database}", typeof(TDb).Name);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            logger.LogInformation("The database of {Database} was created by another instance", typeof(TDb).Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>How the migrator connects (the database's owner), and the role requests act as (null: the login itself).</summary>
sealed record DatabaseOwner(string ConnectionString, string? WriterRole);
