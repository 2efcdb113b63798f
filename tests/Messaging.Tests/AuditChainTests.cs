using DxTrack.Messaging.Audit;
using DxTrack.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// The audit trail is append-only (the service's role may only insert, the table refuses changes from anyone) and
/// tamper-evident (a hash chain sealed after commit, verified from its first link).
/// </summary>
public sealed class AuditChainTests
{
    static readonly Dictionary<string, string?> QuickSealer = new() { ["Audit:SealInterval"] = "00:00:00.050" };

    [Fact]
    public async Task The_service_acts_as_a_role_that_owns_nothing_and_cannot_change_the_trail()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync("chain");
        await using var vhost = await TestVirtualHost.CreateAsync("chain");
        await using var host = await MessagingHost.StartAsync(database, vhost, "chain", settings: QuickSealer);
        await AddWidgetsAsync(host, 2, ct);

        var (role, owned) = await host.WithDbAsync(async db => (
            await Scalar<string>(db, "SELECT current_user::text", ct),
            await Scalar<long>(db, "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)", ct)));
        Assert.Equal(AuditTrailSchema.DefaultWriterRole, role);
        Assert.Equal(0, owned);

        foreach (var change in new[] { "UPDATE audit_entries SET actor = 'someone else'", "DELETE FROM audit_entries",
                     "UPDATE audit_seals SET hash = '\\x00'", "DELETE FROM audit_seals", "TRUNCATE audit_entries" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(change, ct)));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
        Assert.Equal(2, await host.WithDbAsync(db => db.AuditEntries.CountAsync(ct)));
    }

    [Fact]
    public async Task Even_the_owner_cannot_update_or_delete_an_entry_without_first_disabling_the_guard()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync("chain");
        await using var vhost = await TestVirtualHost.CreateAsync("chain");
        await using var host = await MessagingHost.StartAsync(database, vhost, "chain", settings: QuickSealer);
        await AddWidgetsAsync(host, 1, ct);

        await using var owner = await OpenAsync(database, ct);
        foreach (var change in new[] { "UPDATE audit_entries SET actor = 'x'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(owner, change, ct));
            Assert.Contains("append-only", refused.MessageText);
        }
    }

    [Fact]
    public async Task An_entry_altered_or_removed_by_the_owner_is_named_as_the_first_broken_link()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync("chain");
        await using var vhost = await TestVirtualHost.CreateAsync("chain");
        await using var host = await MessagingHost.StartAsync(database, vhost, "chain", settings: QuickSealer);
        await AddWidgetsAsync(host, 4, ct);
        await using var owner = await OpenAsync(database, ct);
        var whole = await SealedAsync(owner, 4);
        Assert.True(whole.Intact);
        Assert.Null(whole.FirstBroken);

        var ids = await host.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct));
        await ExecuteAsync(owner, $"""
            ALTER TABLE audit_entries DISABLE TRIGGER append_only;
            UPDATE audit_entries SET after = jsonb_set(after, ARRAY['name'], '"forged"') WHERE id = {ids[1]};
            DELETE FROM audit_entries WHERE id = {ids[3]};
            ALTER TABLE audit_entries ENABLE TRIGGER append_only;
            """, ct);

        var altered = await AuditChain.VerifyAsync(owner, ct);
        Assert.False(altered.Intact);
        Assert.Equal((2L, ids[1]), (altered.FirstBroken!.Position, altered.FirstBroken.EntryId));
        Assert.Contains("does not match", altered.FirstBroken.Problem);

        // Changed back byte for byte, the entry holds again, and the removed one is the first break.
        await ExecuteAsync(owner, $"""
            ALTER TABLE audit_entries DISABLE TRIGGER append_only;
            UPDATE audit_entries SET after = jsonb_set(after, ARRAY['name'], '"widget 1"') WHERE id = {ids[1]};
            ALTER TABLE audit_entries ENABLE TRIGGER append_only;
            """, ct);
        var removed = await AuditChain.VerifyAsync(owner, ct);
        Assert.False(removed.Intact);
        Assert.Equal((4L, ids[3]), (removed.FirstBroken!.Position, removed.FirstBroken.EntryId));
        Assert.Contains("missing", removed.FirstBroken.Problem);
    }

    [Fact]
    public async Task A_seal_removed_by_the_owner_breaks_the_chain_at_the_gap()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync("chain");
        await using var vhost = await TestVirtualHost.CreateAsync("chain");
        await using var host = await MessagingHost.StartAsync(database, vhost, "chain", settings: QuickSealer);
        await AddWidgetsAsync(host, 3, ct);
        await using var owner = await OpenAsync(database, ct);
        await SealedAsync(owner, 3);

        await ExecuteAsync(owner, """
            ALTER TABLE audit_seals DISABLE TRIGGER append_only;
            DELETE FROM audit_seals WHERE position = 2;
            ALTER TABLE audit_seals ENABLE TRIGGER append_only;
            """, ct);

        var report = await AuditChain.VerifyAsync(owner, ct);
        Assert.False(report.Intact);
        Assert.Equal(2, report.FirstBroken!.Position);
        Assert.Contains("missing", report.FirstBroken.Problem);
    }

    [Fact]
    public async Task The_chain_stays_whole_with_two_copies_writing_and_sealing_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync("chain");
        await using var vhost = await TestVirtualHost.CreateAsync("chain");
        await using var first = await MessagingHost.StartAsync(database, vhost, "chain", settings: QuickSealer);
        await using var second = await MessagingHost.StartAsync(database, vhost, "chain", settings: QuickSealer);

        const int each = 150;
        await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => AddWidgetsAsync(i % 2 == 0 ? first : second, each, ct)));

        await using var owner = await OpenAsync(database, ct);
        var report = await SealedAsync(owner, 4 * each);
        Assert.True(report.Intact, report.FirstBroken?.Problem);
        Assert.Equal(4 * each, report.Sealed);
        Assert.Equal(4L * each, await database.ScalarAsync<long>("SELECT count(DISTINCT entry_id) FROM audit_seals"));
        Assert.Equal(4L * each, await database.ScalarAsync<long>("SELECT max(position) FROM audit_seals"));
    }

    static async Task AddWidgetsAsync(MessagingHost host, int count, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
            await host.WithDbAsync(db =>
            {
                db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = $"widget {i}" });
                return db.SaveChangesAsync(ct);
            });
    }

    /// <summary>Waits until the sealer has sealed every one of <paramref name="entries"/> entries, and walks the chain.</summary>
    static Task<AuditChainReport> SealedAsync(NpgsqlConnection owner, int entries) =>
        Eventually.Until(() => AuditChain.VerifyAsync(owner, TestContext.Current.CancellationToken),
            report => report.Sealed == entries && report.Unsealed == 0, TimeSpan.FromSeconds(30),
            because: $"the sealer seals all {entries} committed entries within its interval");

    static async Task<NpgsqlConnection> OpenAsync(TestDatabase database, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    static async Task<T> Scalar<T>(TestDb db, string sql, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
            return (T)(await command.ExecuteScalarAsync(ct))!;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
