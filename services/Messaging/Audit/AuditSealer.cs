using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OpenTelemetry;

namespace DxTrack.Messaging.Audit;

/// <summary>How the audit sealer runs (section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>How often committed entries are sealed into the chain.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries sealed per round at most (a round is one transaction).</summary>
    [Range(1, 100_000)]
    public int SealBatch { get; set; } = 2_000;

    /// <summary>
    /// How far below the newest sealed entry a round looks for entries that committed late (an entry's id is taken
    /// when it is written, its row becomes visible when its transaction commits).
    /// </summary>
    [Range(0, 10_000_000)]
    public int SealLookback { get; set; } = 1_000;

    /// <summary>How often (and once at start) a round looks at the whole trail, for an entry of a very long transaction.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Seals committed audit entries into the service's hash chain, after their transactions committed, so writers never
/// wait on the chain. One sealer of a service's copies works at a time (a transaction-scoped advisory lock), and a
/// position or an entry is sealed once (the seal table's keys), so copies racing cannot fork the chain.
/// </summary>
sealed class AuditSealer<TDb>(IServiceScopeFactory scopes, IOptions<AuditOptions> options, ILogger<AuditSealer<TDb>> logger)
    : BackgroundService where TDb : DbContext
{
    static readonly long LockId = AdvisoryLockKey.For("audit-sealer:" + typeof(TDb).FullName);
    readonly AuditOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sweep = DateTimeOffset.UtcNow >= nextSweep;
                int sealedNow;
                do sealedNow = await SealOnceAsync(sweep, stoppingToken);
                while (sealedNow == _options.SealBatch);
                if (sweep) nextSweep = DateTimeOffset.UtcNow + _options.SweepInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database away: entries wait, unsealed, and the next round takes them.
                logger.LogWarning(e, "Sealing the audit trail of {Database} failed; retrying", typeof(TDb).Name);
            }
            await Task.Delay(_options.SealInterval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>One round in one transaction: the entries no seal holds yet, in id order, after the chain's last link.</summary>
    internal async Task<int> SealOnceAsync(bool sweep, CancellationToken ct)
    {
        // Rounds run every second on an idle system: they are not traces anyone needs.
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var locked = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({LockId})", connection, tx))
                if (!(bool)(await locked.ExecuteScalarAsync(ct))!) return 0;

            long position = 0, newest = 0;
            byte[] previous = [];
            await using (var last = new NpgsqlCommand(
                             $"SELECT position, hash, (SELECT max(entry_id) FROM {AuditTrailSchema.SealTable}) " +
                             $"FROM {AuditTrailSchema.SealTable} ORDER BY position DESC LIMIT 1", connection, tx))
            await using (var reader = await last.ExecuteReaderAsync(ct))
                if (await reader.ReadAsync(ct))
                {
                    position = reader.GetInt64(0);
                    previous = (byte[])reader[1];
                    newest = reader.GetInt64(2);
                }

            var positions = new List<long>();
            var entries = new List<long>();
            var hashes = new List<byte[]>();
            await using (var pending = new NpgsqlCommand($"""
                             SELECT {AuditChain.EntryColumns} FROM {MessagingModel.AuditTable} e
                             WHERE e.id > @floor
                               AND NOT EXISTS (SELECT FROM {AuditTrailSchema.SealTable} s WHERE s.entry_id = e.id)
                             ORDER BY e.id LIMIT @batch
                             """, connection, tx))
            {
                pending.Parameters.AddWithValue("floor", sweep ? 0 : Math.Max(0, newest - _options.SealLookback));
                pending.Parameters.AddWithValue("batch", _options.SealBatch);
                await using var reader = await pending.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    previous = AuditChain.Link(previous, reader, 0);
                    positions.Add(++position);
                    entries.Add(reader.GetInt64(0));
                    hashes.Add(previous);
                }
            }
            if (entries.Count == 0) return 0;

            await using (var insert = new NpgsqlCommand(
                             $"INSERT INTO {AuditTrailSchema.SealTable} (position, entry_id, hash) " +
                             "SELECT * FROM unnest(@positions, @entries, @hashes)", connection, tx))
            {
                insert.Parameters.AddWithValue("positions", NpgsqlDbType.Array | NpgsqlDbType.Bigint, positions.ToArray());
                insert.Parameters.AddWithValue("entries", NpgsqlDbType.Array | NpgsqlDbType.Bigint, entries.ToArray());
                insert.Parameters.AddWithValue("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea, hashes.ToArray());
                await insert.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            return entries.Count;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
