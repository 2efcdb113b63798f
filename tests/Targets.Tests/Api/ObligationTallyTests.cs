using System.Net;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Tests.Support;
using DxTrack.TestSupport;
using Npgsql;

namespace DxTrack.Targets.Tests.Api;

/// <summary>The counters PostgreSQL keeps per status and due instant, which the dashboard summary reads.</summary>
public sealed class ObligationTallyTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    [Fact]
    public async Task The_counters_equal_a_count_of_the_obligations_after_openings_reports_returns_and_cancellations()
    {
        var code = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
        var opened = new List<Guid>();
        foreach (var (period, due) in new[] { ("2026-Q1", "2026-03-31"), ("2026-Q2", "2026-06-30"), ("2026-Q3", "2026-09-30"), ("2026-Q4", "2026-12-31") })
            opened.Add((await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code, period, due)))
                .ReadAsync<ObligationView>(HttpStatusCode.Created)).Id);

        await app.Bus.PublishAsync(new SubmissionReceived(Guid.NewGuid(), opened[0], code, 1, DateTimeOffset.UtcNow, false));
        await app.Bus.PublishAsync(new SubmissionReceived(Guid.NewGuid(), opened[1], code, 1, DateTimeOffset.UtcNow, false));
        // This test's own obligations: the database holds other tests' fulfilled ones too.
        await Eventually.Until(() => FulfilledAsync(opened.Take(2)), n => n == 2, because: "both reports fulfil their obligations");
        Assert.Equal(await CountedAsync(), await TalliedAsync());

        // Deactivating the agency cancels what it still owes: the counters move in the same statement.
        (await app.Client().PostAsync($"/api/targets/agencies/{code}/deactivate", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var counted = await CountedAsync();
        Assert.Equal(counted, await TalliedAsync());
        var summary = await app.Client(DxRoles.Viewer).GetAsync<SummaryView>("/api/dashboard/summary");
        Assert.Equal(counted.Where(c => c.Status == "Open").Sum(c => c.Count), summary.OpenObligations);
        Assert.Equal(counted.Where(c => c.Status == "Fulfilled").Sum(c => c.Count), summary.FulfilledObligations);
        Assert.Equal(counted.Where(c => c.Status == "Open" && c.DueAt < DateTimeOffset.UtcNow).Sum(c => c.Count), summary.OverdueObligations);
    }

    [Fact]
    public async Task Concurrent_reports_on_obligations_due_together_leave_the_counters_exact()
    {
        var agencies = Enumerable.Range(0, 12).Select(_ => Builders.UniqueCode()).ToList();
        var obligations = new List<(string Agency, Guid Id)>();
        foreach (var code in agencies)
        {
            await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
            obligations.Add((code, (await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
                .ReadAsync<ObligationView>(HttpStatusCode.Created)).Id));
        }

        // Every report moves the same two counters (Open and Fulfilled, due the same instant) at once.
        await Task.WhenAll(obligations.Select(o =>
            app.Bus.PublishAsync(new SubmissionReceived(Guid.NewGuid(), o.Id, o.Agency, 1, DateTimeOffset.UtcNow, false))));
        await Eventually.Until(() => FulfilledAsync(obligations.Select(o => o.Id)), n => n == obligations.Count,
            because: "every report fulfils its obligation");

        Assert.Equal(await CountedAsync(), await TalliedAsync());
    }

    [Fact]
    public async Task Two_transactions_changing_obligations_due_together_do_not_wait_for_each_other()
    {
        var code = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
        var ids = new List<Guid>();
        for (var i = 0; i < 2; i++)
            ids.Add((await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
                .ReadAsync<ObligationView>(HttpStatusCode.Created)).Id);
        var ct = TestContext.Current.CancellationToken;

        // The first holds its counters' rows until it ends.
        await using var first = new NpgsqlConnection(app.Database.ConnectionString);
        await first.OpenAsync(ct);
        await using var firstTx = await first.BeginTransactionAsync(ct);
        var firstSlot = await SlotAsync(first, ct);
        await FulfilAsync(first, ids[0], ct);

        // The second, in another slot (consecutive transactions are; a rare same-slot one is begun again), moves the
        // same status and due instant's counters without waiting: with one row per counter it would time out.
        await using var second = new NpgsqlConnection(app.Database.ConnectionString);
        await second.OpenAsync(ct);
        var secondTx = await second.BeginTransactionAsync(ct);
        while (await SlotAsync(second, ct) == firstSlot)
        {
            await secondTx.RollbackAsync(ct);
            secondTx = await second.BeginTransactionAsync(ct);
        }
        await using (var timeout = new NpgsqlCommand("SET LOCAL lock_timeout = '5s'", second))
            await timeout.ExecuteNonQueryAsync(ct);
        await FulfilAsync(second, ids[1], ct);

        await secondTx.CommitAsync(ct);
        await firstTx.CommitAsync(ct);
        Assert.Equal(await CountedAsync(), await TalliedAsync());

        static async Task<long> SlotAsync(NpgsqlConnection connection, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT txid_current() % {DxTrack.Targets.Data.Migrations.StripedObligationTallies.Slots}", connection);
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }

        static async Task FulfilAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand("UPDATE obligations SET status = 'Fulfilled' WHERE id = @id", connection);
            command.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(ct));
        }
    }

    async Task<long> FulfilledAsync(IEnumerable<Guid> ids)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM obligations WHERE status = 'Fulfilled' AND id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    Task<List<Tally>> CountedAsync() =>
        ReadAsync("SELECT status, due_at, count(*) FROM obligations GROUP BY status, due_at ORDER BY status, due_at");

    Task<List<Tally>> TalliedAsync() =>
        ReadAsync("SELECT status, due_at, sum(count)::bigint FROM obligation_tallies GROUP BY status, due_at HAVING sum(count) <> 0 ORDER BY status, due_at");

    async Task<List<Tally>> ReadAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Tally>();
        while (await reader.ReadAsync())
            rows.Add(new Tally(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2)));
        return rows;
    }

    sealed record Tally(string Status, DateTimeOffset DueAt, long Count);
}
