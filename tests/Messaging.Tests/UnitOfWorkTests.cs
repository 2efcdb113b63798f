using DxTrack.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DxTrack.Messaging.Tests;

/// <summary>A unit of work commits whole or not at all, without a savepoint around each save inside it.</summary>
public sealed class UnitOfWorkTests : IAsyncLifetime
{
    TestDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("unit");
        await using var raw = RawDb.Open(_db);
        await raw.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Saves_inside_a_unit_send_no_savepoints_and_commit_together()
    {
        var ct = TestContext.Current.CancellationToken;
        var (db, savepoints) = Open();
        await using (db)
        {
            await using var tx = await db.Database.BeginUnitAsync(ct);
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "first" });
            await db.SaveChangesAsync(ct);
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "second" });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        Assert.Empty(savepoints);
        Assert.Equal(2, await _db.ScalarAsync<long>("SELECT count(*) FROM widgets WHERE name IN ('first', 'second')"));
    }

    [Fact]
    public async Task A_plain_transaction_still_gets_them_so_the_check_above_can_see_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var (db, savepoints) = Open();
        await using (db)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "plain" });
            await db.SaveChangesAsync(ct);
            await tx.RollbackAsync(ct);
        }

        Assert.NotEmpty(savepoints);
    }

    [Fact]
    public async Task A_unit_that_is_not_committed_leaves_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (db, _) = Open();
        await using (db)
        {
            await using var tx = await db.Database.BeginUnitAsync(ct);
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "abandoned" });
            await db.SaveChangesAsync(ct);
        }

        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM widgets WHERE name = 'abandoned'"));
    }

    /// <summary>A context on the test database that records every savepoint EF Core creates.</summary>
    (TestDb Db, List<string> Savepoints) Open()
    {
        var savepoints = new List<string>();
        var options = new DbContextOptionsBuilder<TestDb>()
            .UseNpgsql(_db.ConnectionString)
            .LogTo(line => { lock (savepoints) savepoints.Add(line); }, [RelationalEventId.CreatedTransactionSavepoint])
            .Options;
        return (new TestDb(options), savepoints);
    }
}
