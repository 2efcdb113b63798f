using DxTrack.Messaging.Audit;
using DxTrack.Messaging.Inbox;
using DxTrack.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Messaging;

/// <summary>Maps the outbox, inbox and audit tables into a service's model.</summary>
public static class MessagingModel
{
    public const string OutboxTable = "outbox_messages";
    public const string InboxTable = "inbox_messages";
    public const string AuditTable = "audit_entries";

    /// <summary>Call from <c>OnModelCreating</c> of every service's DbContext.</summary>
    public static ModelBuilder AddMessagingTables(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable(OutboxTable);
            e.HasKey(m => m.Sequence);
            e.Property(m => m.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
            e.Property(m => m.MessageId).HasColumnName("message_id");
            e.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(300);
            e.Property(m => m.Body).HasColumnName("body").HasColumnType("jsonb");
            e.Property(m => m.AggregateKey).HasColumnName("aggregate_key").HasMaxLength(200);
            e.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(100);
            e.Property(m => m.CorrelationId).HasColumnName("correlation_id").HasMaxLength(100);
            e.Property(m => m.CreatedAt).HasColumnName("created_at");
            e.Property(m => m.DispatchedAt).HasColumnName("dispatched_at");
            e.Property(m => m.Attempts).HasColumnName("attempts");
            e.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(2000);
            e.HasIndex(m => m.MessageId).IsUnique();
            // The dispatcher's scan: only undispatched rows, in commit order.
            e.HasIndex(m => m.Sequence).HasDatabaseName("ix_outbox_pending").HasFilter("dispatched_at IS NULL");
        });

        model.Entity<InboxMessage>(e =>
        {
            e.ToTable(InboxTable);
            e.HasKey(m => new { m.MessageId, m.Consumer });
            e.Property(m => m.MessageId).HasColumnName("message_id");
            e.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(200);
            e.Property(m => m.ProcessedAt).HasColumnName("processed_at");
            e.HasIndex(m => m.ProcessedAt);
        });

        model.Entity<AuditEntry>(e =>
        {
            e.ToTable(AuditTable);
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            e.Property(a => a.At).HasColumnName("at");
            e.Property(a => a.Actor).HasColumnName("actor").HasMaxLength(200);
            e.Property(a => a.Role).HasColumnName("role").HasMaxLength(50);
            e.Property(a => a.AgencyCode).HasColumnName("agency_code").HasMaxLength(50);
            e.Property(a => a.Change).HasColumnName("change").HasMaxLength(20);
            e.Property(a => a.EntityType).HasColumnName("entity_type").HasMaxLength(100);
            e.Property(a => a.EntityId).HasColumnName("entity_id").HasMaxLength(200);
            e.Property(a => a.Operation).HasColumnName("operation").HasMaxLength(300);
            e.Property(a => a.CorrelationId).HasColumnName("correlation_id").HasMaxLength(100);
            e.Property(a => a.Before).HasColumnName("before").HasColumnType("jsonb");
            e.Property(a => a.After).HasColumnName("after").HasColumnType("jsonb");
            e.HasIndex(a => new { a.EntityType, a.EntityId });
            e.HasIndex(a => a.At);
        });

        return model;
    }
}
