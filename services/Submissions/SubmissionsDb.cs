using DxTrack.Messaging;
using DxTrack.Messaging.Inbox;
using DxTrack.Messaging.Outbox;
using DxTrack.Submissions.Idempotency;
using DxTrack.Submissions.Replica;
using DxTrack.Submissions.Reports;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Submissions;

/// <summary>The Submissions service's own database: reports, replicas, idempotency keys, outbox, inbox, audit.</summary>
public sealed class SubmissionsDb(DbContextOptions<SubmissionsDb> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<Revision> Revisions => Set<Revision>();
    public DbSet<ObligationReplica> Obligations => Set<ObligationReplica>();
    public DbSet<AgencyReplica> Agencies => Set<AgencyReplica>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();

        model.Entity<ObligationReplica>(e =>
        {
            e.ToTable("obligations");
            e.HasKey(o => o.Id);
            e.Property(o => o.Id).ValueGeneratedNever();
            e.Property(o => o.AgencyCode).HasMaxLength(50);
            e.Property(o => o.Subject).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.SubjectCode).HasMaxLength(100);
            e.Property(o => o.Title).HasMaxLength(1000);
            e.Property(o => o.Period).HasMaxLength(20);
            e.Property(o => o.Measure).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.CancelReason).HasMaxLength(1000);
            e.Ignore(o => o.IsCancelled);
            e.HasIndex(o => new { o.AgencyCode, o.Period });
            e.HasIndex(o => o.Period);
        });

        model.Entity<AgencyReplica>(e =>
        {
            e.ToTable("agencies");
            e.HasKey(a => a.Code);
            e.Property(a => a.Code).HasMaxLength(50);
            e.Property(a => a.Name).HasMaxLength(500);
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.ParentCode).HasMaxLength(50);
        });

        model.Entity<Submission>(e =>
        {
            e.ToTable("submissions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedNever();
            e.Property(s => s.AgencyCode).HasMaxLength(50);
            e.Property(s => s.Period).HasMaxLength(20);
            e.Property(s => s.Subject).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.RowVersion).IsRowVersion();
            e.Ignore(s => s.Latest);
            // One report per obligation: a second POST for it becomes a revision.
            e.HasIndex(s => s.ObligationId).IsUnique();
            e.HasIndex(s => new { s.AgencyCode, s.Period });
            e.HasMany(s => s.Revisions).WithOne().HasForeignKey(r => r.SubmissionId);
            e.Navigation(s => s.Revisions).AutoInclude(false);
        });

        model.Entity<Revision>(e =>
        {
            e.ToTable("revisions");
            e.HasKey(r => new { r.SubmissionId, r.Number });
            e.Property(r => r.Feedback).HasMaxLength(10_000);
            e.Property(r => r.SubmittedBy).HasMaxLength(200);
            e.Property(r => r.SubmitterRole).HasMaxLength(50);
            e.Property(r => r.SubmitterAgency).HasMaxLength(50);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.ReviewedBy).HasMaxLength(200);
            e.Property(r => r.ReturnReasonCode).HasMaxLength(50);
            e.Property(r => r.ReturnReason).HasMaxLength(2000);
            e.OwnsOne(r => r.Value, v =>
            {
                v.Property(x => x.Numerator).HasColumnName("value_numerator");
                v.Property(x => x.Denominator).HasColumnName("value_denominator");
                v.Property(x => x.Percent).HasColumnName("value_percent");
                v.Property(x => x.Count).HasColumnName("value_count");
                v.Property(x => x.Done).HasColumnName("value_done");
            });
            e.OwnsOne(r => r.Progress, p =>
            {
                p.Property(x => x.Status).HasColumnName("progress_status").HasConversion<string>().HasMaxLength(20);
                p.Property(x => x.PercentComplete).HasColumnName("progress_percent");
                p.Property(x => x.Note).HasColumnName("progress_note").HasMaxLength(2000);
            });
            e.OwnsMany(r => r.Evidence, ev => ev.ToJson("evidence"));
            e.OwnsMany(r => r.FieldComments, fc => fc.ToJson("field_comments"));
        });

        model.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(i => new { i.Caller, i.Key });
            e.Property(i => i.Caller).HasMaxLength(200);
            e.Property(i => i.Key).HasMaxLength(200);
            e.Property(i => i.RequestHash).HasMaxLength(64);
            e.Property(i => i.Location).HasMaxLength(500);
            e.HasIndex(i => i.CreatedAt);
        });
    }
}
