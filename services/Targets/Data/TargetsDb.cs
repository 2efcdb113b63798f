using System.Text;
using DxTrack.Contracts;
using DxTrack.Messaging;
using DxTrack.Messaging.Inbox;
using DxTrack.Messaging.Outbox;
using DxTrack.Targets.Agencies;
using DxTrack.Targets.Indicators;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Pillars;
using DxTrack.Targets.Plans;
using DxTrack.Targets.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Data;

/// <summary>The Targets database: the plan, its agencies and obligations. The DbContext is the unit of work.</summary>
public sealed class TargetsDb(DbContextOptions<TargetsDb> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<Obligation> Obligations => Set<Obligation>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<Pillar> Pillars => Set<Pillar>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<AcceptedValue> AcceptedValues => Set<AcceptedValue>();
    public DbSet<PlanTask> Tasks => Set<PlanTask>();

    /// <summary>
    /// The accepted values that count towards province figures: those of an agency that still owes that indicator and
    /// period (its obligation is not cancelled). A value from an agency deactivated since, say, would otherwise raise the
    /// reporting share above what the agencies still owing have reported.
    /// </summary>
    public IQueryable<AcceptedValue> CountedValues => AcceptedValues.AsNoTracking()
        .Where(v => Obligations.Any(o => o.AgencyCode == v.AgencyCode && o.Subject == ObligationSubject.Indicator
                                         && o.SubjectId == v.IndicatorId && o.Period == v.Period
                                         && o.Status != ObligationStatus.Cancelled));

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();

        model.Entity<Agency>(e =>
        {
            e.ToTable("agencies");
            e.HasKey(a => a.Id);
            e.Property(a => a.Code).HasMaxLength(30);
            e.HasIndex(a => a.Code).IsUnique();
            e.Property(a => a.Name).HasMaxLength(300);
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.ParentCode).HasMaxLength(30);
            e.OwnsMany(a => a.Contacts, c => c.ToJson("contacts"));
            e.Property(a => a.Version).IsConcurrencyToken();
        });

        model.Entity<Obligation>(e =>
        {
            e.ToTable("obligations");
            e.HasKey(o => o.Id);
            e.Property(o => o.AgencyCode).HasMaxLength(30);
            e.Property(o => o.Subject).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.SubjectCode).HasMaxLength(60);
            e.Property(o => o.Title).HasMaxLength(500);
            e.Property(o => o.Period).HasMaxLength(10);
            e.Property(o => o.Measure).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.CancelReason).HasMaxLength(300);
            // What makes approving twice (or two approvals racing) unable to owe the same report twice.
            e.HasIndex(o => new { o.AgencyCode, o.Subject, o.SubjectId, o.Period }).IsUnique();
            e.HasIndex(o => new { o.Status, o.DueAt });
            e.HasIndex(o => o.PlanId);
        });

        model.Entity<Plan>(e =>
        {
            e.ToTable("plans");
            e.HasKey(p => p.Id);
            e.Property(p => p.Code).HasMaxLength(60);
            e.Property(p => p.Title).HasMaxLength(500);
            // Two approvals racing: the second update finds the status changed and fails instead of approving twice.
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
            e.HasIndex(p => new { p.SeriesId, p.Version }).IsUnique();
            e.HasIndex(p => new { p.Code, p.Version }).IsUnique();
        });

        model.Entity<Pillar>(e =>
        {
            e.ToTable("pillars");
            e.HasKey(p => p.Code);
            e.Property(p => p.Code).HasMaxLength(10);
            e.Property(p => p.Name).HasMaxLength(100);
            e.Property(p => p.EnglishName).HasMaxLength(100);
            e.HasData(Pillar.All);
        });

        model.Entity<Indicator>(e =>
        {
            e.ToTable("indicators");
            e.HasKey(i => i.Id);
            e.Property(i => i.Code).HasMaxLength(30);
            e.Property(i => i.PillarCode).HasMaxLength(10);
            e.Property(i => i.Name).HasMaxLength(500);
            e.Property(i => i.Measure).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.NumeratorLabel).HasMaxLength(300);
            e.Property(i => i.DenominatorLabel).HasMaxLength(300);
            e.Property(i => i.Direction).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.LeadAgencyCode).HasMaxLength(30);
            e.Property(i => i.ReportingKind).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.Frequency).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(i => new { i.PlanId, i.Code }).IsUnique();
            e.HasOne<Plan>().WithMany().HasForeignKey(i => i.PlanId);
            e.HasOne<Pillar>().WithMany().HasForeignKey(i => i.PillarCode);
        });

        model.Entity<AcceptedValue>(e =>
        {
            e.ToTable("accepted_values");
            e.HasKey(v => v.Id);
            e.Property(v => v.AgencyCode).HasMaxLength(30);
            e.Property(v => v.Period).HasMaxLength(10);
            e.HasIndex(v => new { v.IndicatorId, v.Period, v.AgencyCode }).IsUnique();
        });

        model.Entity<PlanTask>(e =>
        {
            e.ToTable("tasks");
            e.HasKey(t => t.Id);
            e.Property(t => t.Code).HasMaxLength(30);
            e.Property(t => t.Title).HasMaxLength(500);
            e.Property(t => t.PillarCode).HasMaxLength(10);
            e.Property(t => t.OwnerCode).HasMaxLength(30);
            e.Property(t => t.BudgetVnd).HasPrecision(18, 0);
            e.Property(t => t.FundingSource).HasMaxLength(200);
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.ProgressNote).HasMaxLength(2000);
            e.HasIndex(t => new { t.PlanId, t.Code }).IsUnique();
            e.HasOne<Plan>().WithMany().HasForeignKey(t => t.PlanId);
            e.HasOne<Pillar>().WithMany().HasForeignKey(t => t.PillarCode);
            e.Ignore(t => t.Assignees);
        });

        UseSnakeCaseColumns(model);
    }

    // Plain SQL (psql, tests, reports) reads better without quoted PascalCase identifiers.
    static void UseSnakeCaseColumns(ModelBuilder model)
    {
        foreach (var entity in model.Model.GetEntityTypes())
        {
            if (entity.IsMappedToJson()) continue;
            foreach (var property in entity.GetProperties())
                property.SetColumnName(Snake(property.GetColumnName()));
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName(Snake(index.GetDatabaseName() ?? ""));
        }
    }

    static string Snake(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && !char.IsUpper(name[i - 1])) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
