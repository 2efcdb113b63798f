using DxTrack.Gateway.ApiKeys;
using DxTrack.Messaging;
using DxTrack.Messaging.Inbox;
using DxTrack.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Gateway.Data;

/// <summary>
/// The gateway's own database: agencies' API keys and their audit trail. The outbox and inbox
/// tables come with the shared building block; the gateway publishes and consumes nothing.
/// </summary>
public sealed class GatewayDb(DbContextOptions<GatewayDb> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(k => k.Id);
            e.Property(k => k.Id).HasColumnName("id");
            e.Property(k => k.Prefix).HasColumnName("prefix").HasMaxLength(ApiKeySecret.PrefixLength);
            e.Property(k => k.SecretHash).HasColumnName("secret_hash").HasMaxLength(64);
            e.Property(k => k.AgencyCode).HasColumnName("agency_code").HasMaxLength(50);
            e.Property(k => k.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(k => k.CreatedAt).HasColumnName("created_at");
            e.Property(k => k.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            e.Property(k => k.RevokedAt).HasColumnName("revoked_at");
            e.Property(k => k.RevokedBy).HasColumnName("revoked_by").HasMaxLength(200);
            e.HasIndex(k => k.Prefix).IsUnique();
            e.HasIndex(k => k.AgencyCode);
        });
    }
}
