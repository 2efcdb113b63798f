using DxTrack.Messaging;
using DxTrack.Messaging.Audit;
using DxTrack.Messaging.Inbox;
using DxTrack.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Messaging.Tests;

/// <summary>A service's database in miniature: one audited entity plus the messaging tables.</summary>
public sealed class TestDb(DbContextOptions<TestDb> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<Widget> Widgets => Set<Widget>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.Entity<Widget>(e =>
        {
            e.ToTable("widgets");
            e.Property(w => w.Id).HasColumnName("id");
            e.Property(w => w.Name).HasColumnName("name");
            e.Property(w => w.Applied).HasColumnName("applied");
        });
    }
}

public sealed class Widget : IAudited
{
    public Guid Id { get; init; }
    public string Name { get; set; } = "";
    public int Applied { get; set; }

    /// <summary>PostgreSQL's xmin: concurrent consumers of one widget conflict and retry instead of losing updates.</summary>
    [System.ComponentModel.DataAnnotations.Timestamp]
    public uint Version { get; set; }
}

/// <summary>The event the tests publish; <see cref="Seq"/> lets them check order per widget.</summary>
public sealed record WidgetChanged(Guid WidgetId, int Seq, bool Poison = false);
