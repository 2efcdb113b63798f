using DxTrack.Messaging;
using DxTrack.Messaging.Inbox;
using DxTrack.Messaging.Outbox;
using DxTrack.Notifications.Agencies;
using DxTrack.Notifications.Delivery;
using DxTrack.Notifications.Obligations;
using DxTrack.Notifications.Reminders;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications;

/// <summary>The Notifications service's own database: replicas, reminders, the messages sent.</summary>
public sealed class NotificationsDb(DbContextOptions<NotificationsDb> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AgencyReplica> Agencies => Set<AgencyReplica>();
    public DbSet<ContactPreference> ContactPreferences => Set<ContactPreference>();
    public DbSet<ObligationReplica> Obligations => Set<ObligationReplica>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<SentMessage> SentMessages => Set<SentMessage>();

    // PostgreSQL's timestamptz takes only UTC offsets; events and the policy's local instants carry +07:00.
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        conventions.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        conventions.Properties<DateTimeOffset?>().HaveConversion<UtcConverter>();
    }

    sealed class UtcConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(), v => v);

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();

        model.Entity<AgencyReplica>(e =>
        {
            e.ToTable("agencies");
            e.HasKey(a => a.Code);
            e.Property(a => a.Code).HasColumnName("code").HasMaxLength(50);
            e.Property(a => a.Name).HasColumnName("name").HasMaxLength(300);
            e.Property(a => a.IsActive).HasColumnName("is_active");
            e.Property(a => a.Version).HasColumnName("version");
            e.HasMany(a => a.Contacts).WithOne().HasForeignKey(c => c.AgencyCode).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(a => a.Contacts).AutoInclude(false);
        });

        model.Entity<Contact>(e =>
        {
            e.ToTable("contacts");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
            e.HasIndex(c => c.AgencyCode);
            e.Property(c => c.AgencyCode).HasColumnName("agency_code").HasMaxLength(50);
            e.Property(c => c.Ordinal).HasColumnName("ordinal").ValueGeneratedNever();
            e.Property(c => c.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(c => c.Email).HasColumnName("email").HasMaxLength(200);
            e.Property(c => c.Phone).HasColumnName("phone").HasMaxLength(30);
            e.Property(c => c.IsHead).HasColumnName("is_head");
            e.Property(c => c.SmsOptOut).HasColumnName("sms_opt_out");
        });

        model.Entity<ContactPreference>(e =>
        {
            e.ToTable("contact_preferences");
            e.HasKey(p => new { p.AgencyCode, p.Address });
            e.Property(p => p.AgencyCode).HasColumnName("agency_code").HasMaxLength(50);
            e.Property(p => p.Address).HasColumnName("address").HasMaxLength(200);
            e.Property(p => p.SmsOptOut).HasColumnName("sms_opt_out");
            e.Property(p => p.Language).HasColumnName("language").HasMaxLength(5);
            e.Property(p => p.UpdatedAt).HasColumnName("updated_at");
        });

        model.Entity<ObligationReplica>(e =>
        {
            e.ToTable("obligations");
            e.HasKey(o => o.Id);
            e.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(o => o.AgencyCode).HasColumnName("agency_code").HasMaxLength(50);
            e.Property(o => o.Subject).HasColumnName("subject").HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.SubjectCode).HasColumnName("subject_code").HasMaxLength(100);
            e.Property(o => o.Title).HasColumnName("title").HasMaxLength(500);
            e.Property(o => o.Period).HasColumnName("period").HasMaxLength(20);
            e.Property(o => o.DueAt).HasColumnName("due_at");
            e.Property(o => o.DueChangedAt).HasColumnName("due_changed_at");
            e.Property(o => o.FixBy).HasColumnName("fix_by");
            e.Property(o => o.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.FulfilledAt).HasColumnName("fulfilled_at");
            e.Property(o => o.LastRevision).HasColumnName("last_revision");
            e.Property(o => o.UpdatedAt).HasColumnName("updated_at");
            e.Ignore(o => o.Deadline);
            e.HasIndex(o => new { o.AgencyCode, o.Status });
        });

        model.Entity<Reminder>(e =>
        {
            e.ToTable("reminders");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(r => r.ObligationId).HasColumnName("obligation_id");
            e.Property(r => r.AgencyCode).HasColumnName("agency_code").HasMaxLength(50);
            e.Property(r => r.Step).HasColumnName("step").HasMaxLength(30);
            e.Property(r => r.Channel).HasColumnName("channel").HasConversion<string>().HasMaxLength(10);
            e.Property(r => r.Recipient).HasColumnName("recipient").HasMaxLength(200);
            e.Property(r => r.RecipientName).HasColumnName("recipient_name").HasMaxLength(200);
            e.Property(r => r.Language).HasColumnName("language").HasMaxLength(5);
            e.Property(r => r.Escalated).HasColumnName("escalated");
            e.Property(r => r.Note).HasColumnName("note").HasMaxLength(2000);
            e.Property(r => r.SendAt).HasColumnName("send_at");
            e.Property(r => r.NextAttemptAt).HasColumnName("next_attempt_at");
            e.Property(r => r.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.Attempts).HasColumnName("attempts");
            e.Property(r => r.LastError).HasColumnName("last_error").HasMaxLength(1000);
            e.Property(r => r.SentAt).HasColumnName("sent_at");
            e.Property(r => r.ProviderMessageId).HasColumnName("provider_message_id").HasMaxLength(200);
            e.Property(r => r.MessageId).HasColumnName("message_id");
            e.Property(r => r.UpdatedAt).HasColumnName("updated_at");
            e.Ignore(r => r.ParsedStep);
            // The reminder key: planning twice, or two instances planning at once, cannot make a second row.
            e.HasIndex(r => new { r.ObligationId, r.Step, r.Channel, r.Recipient }).IsUnique();
            // The scheduler's scan: pending rows by the time they are due.
            e.HasIndex(r => r.NextAttemptAt).HasDatabaseName("ix_reminders_due").HasFilter("status = 'Pending'");
            e.HasIndex(r => new { r.AgencyCode, r.Status });
        });

        model.Entity<SentMessage>(e =>
        {
            e.ToTable("sent_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(m => m.AgencyCode).HasColumnName("agency_code").HasMaxLength(50);
            e.Property(m => m.Channel).HasColumnName("channel").HasConversion<string>().HasMaxLength(10);
            e.Property(m => m.Recipient).HasColumnName("recipient").HasMaxLength(200);
            e.Property(m => m.Subject).HasColumnName("subject").HasMaxLength(300);
            e.Property(m => m.Body).HasColumnName("body");
            e.Property(m => m.ReminderCount).HasColumnName("reminder_count");
            e.Property(m => m.ProviderMessageId).HasColumnName("provider_message_id").HasMaxLength(200);
            e.Property(m => m.SentAt).HasColumnName("sent_at");
            e.HasIndex(m => new { m.AgencyCode, m.SentAt });
        });
    }
}
