using DxTrack.Messaging;
using DxTrack.Messaging.Outbox;
using DxTrack.Targets.Agencies;
using DxTrack.Targets.Data;
using DxTrack.Targets.Indicators;
using DxTrack.Targets.Plans;
using DxTrack.Targets.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Seed;

/// <summary>
/// Loads <see cref="DemoData"/> through the same domain methods and outbox as the API, so other services learn of
/// the demo agencies and obligations exactly as they would of real ones. What already exists (by code) is left alone,
/// so loading twice adds nothing; each plan goes in with its indicators, tasks and obligations in one transaction.
/// </summary>
public sealed class DemoDataLoader(TargetsDb db, PlanWorkflow workflow, TimeProvider clock, ILogger<DemoDataLoader> logger)
{
    public async Task<DemoLoadResult> LoadAsync(CancellationToken ct)
    {
        var agencies = await LoadAgenciesAsync(ct);
        var plans = 0;
        var obligations = 0;
        foreach (var seed in DemoData.Plans)
        {
            if (await db.Plans.AnyAsync(p => p.Code == seed.Code, ct)) continue;
            // One transaction per plan: a plan is either there with all its obligations and events, or not at all.
            obligations += await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginUnitAsync(ct);
                var opened = await LoadPlanAsync(seed, ct);
                await tx.CommitAsync(ct);
                return opened;
            });
            plans++;
        }
        if (agencies + plans > 0)
            logger.LogInformation("Demo data loaded: {Agencies} agencies, {Plans} plans, {Obligations} obligations",
                agencies, plans, obligations);
        return new DemoLoadResult(agencies, plans, obligations);
    }

    async Task<int> LoadAgenciesAsync(CancellationToken ct)
    {
        var existing = (await db.Agencies.Select(a => a.Code).ToListAsync(ct)).ToHashSet();
        var added = 0;
        // Parents come before children in the list, so parent checks hold as in the API.
        foreach (var seed in DemoData.Agencies.Where(a => !existing.Contains(a.Code)))
        {
            PhoneNumber.TryNormalise(seed.Phone, out var phone);
            var agency = Agency.Create(AgencyCode.Parse(seed.Code), seed.Name, seed.Kind, seed.Parent,
                [new Contact { Name = seed.Head, Email = DemoData.Email(seed), Phone = phone, IsHead = true }], clock);
            db.Agencies.Add(agency);
            db.PublishToOutbox(agency.ToEvent(), clock, agency.Code);
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    async Task<int> LoadPlanAsync(DemoData.PlanSeed seed, CancellationToken ct)
    {
        var plan = Plan.Draft(seed.Code, seed.Title, seed.StartYear, seed.EndYear, null, clock);
        db.Plans.Add(plan);
        foreach (var i in seed.Indicators)
        {
            db.Indicators.Add(new Indicator
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                PlanId = plan.Id,
                Code = i.Code,
                PillarCode = i.Pillar,
                Name = i.Name,
                Measure = i.Measure,
                NumeratorLabel = i.Numerator,
                DenominatorLabel = i.Denominator,
                BaselineValue = i.Baseline,
                TargetValue = i.Target,
                TargetDate = seed.TargetDate,
                Direction = Direction.Increase,
                LeadAgencyCode = i.Lead,
                ReportingAgencies = [.. i.Reporters],
                ReportingKind = i.ReportingKind,
                Frequency = i.Frequency,
                DueOffsetDays = 15,
            });
        }
        foreach (var t in seed.Tasks)
        {
            db.Tasks.Add(new PlanTask
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                PlanId = plan.Id,
                Code = t.Code,
                Title = t.Title,
                PillarCode = t.Pillar,
                OwnerCode = t.Owner,
                CoOwnerCodes = [.. t.CoOwners],
                StartDate = t.Start,
                DueDate = t.Due,
                BudgetVnd = t.BudgetVnd,
                FundingSource = t.Funding,
                Urgent = t.Urgent,
            });
        }
        // The draft and its children must exist before the workflow reads them back.
        await db.SaveChangesAsync(ct);

        await workflow.OpenConsultationAsync(plan, seed.Consulted, seed.ConsultationDeadline, ct);
        var approved = await workflow.ApproveAsync(plan, ct);
        await db.SaveChangesAsync(ct);
        return approved.Opened;
    }
}

public sealed record DemoLoadResult(int Agencies, int Plans, int Obligations);
