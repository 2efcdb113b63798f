using System.Text.RegularExpressions;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Api;
using DxTrack.Targets.Data;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Plans;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Targets.Indicators;

public static partial class IndicatorEndpoints
{
    public static void MapIndicators(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/targets/plans/{planId:guid}/indicators", Create).WithTags("Indicators")
            .RequireAuthorization(DxPolicies.Secretariat).WithName("CreateIndicator");
        var indicators = app.MapGroup("/api/targets/indicators").WithTags("Indicators");
        indicators.MapGet("/", List).RequireAuthorization(DxPolicies.Reader).WithName("ListIndicators");
        indicators.MapGet("/{id:guid}", Get).RequireAuthorization(DxPolicies.Reader).WithName("GetIndicator");
        indicators.MapGet("/{id:guid}/values", Values).RequireAuthorization(DxPolicies.Reader).WithName("GetIndicatorValues");
        indicators.MapPut("/{id:guid}", Update).RequireAuthorization(DxPolicies.Secretariat).WithName("UpdateIndicator");
    }

    static async Task<Results<Ok<PagedList<IndicatorDto>>, ValidationProblem>> List(TargetsDb db, Guid? planId, string? pillar,
        string? agency, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Errors();
        var paging = Paging.From(page, pageSize, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var query = db.Indicators.AsNoTracking();
        if (planId is not null) query = query.Where(i => i.PlanId == planId);
        if (pillar is not null) query = query.Where(i => i.PillarCode == pillar.ToUpper());
        if (agency is not null) query = query.Where(i => i.LeadAgencyCode == agency.ToUpper() || i.ReportingAgencies.Contains(agency.ToUpper()));
        return TypedResults.Ok(await paging.ApplyAsync(query.OrderBy(i => i.PlanId).ThenBy(i => i.Code), IndicatorDto.From, ct));
    }

    static async Task<Results<Ok<IndicatorDto>, NotFound>> Get(Guid id, TargetsDb db, CancellationToken ct) =>
        await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) is { } indicator
            ? TypedResults.Ok(IndicatorDto.From(indicator))
            : TypedResults.NotFound();

    static async Task<Results<Created<IndicatorDto>, NotFound, ValidationProblem, ProblemHttpResult>> Create(Guid planId,
        IndicatorRequest request, TargetsDb db, TimeProvider clock, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return TypedResults.NotFound();
        try { plan.EnsureEditable("EditIndicators"); }
        catch (PlanTransitionRefused refused) { return TypedResults.Problem(PlanConflictHandler.Conflict(refused)); }

        var errors = new Errors();
        var indicator = new Indicator { Id = Guid.CreateVersion7(clock.GetUtcNow()), PlanId = planId, Code = "", PillarCode = "", Name = "", LeadAgencyCode = "" };
        await ApplyAsync(request, indicator, db, errors, ct);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Indicators.AnyAsync(i => i.PlanId == planId && i.Code == indicator.Code, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The indicator already exists.",
                detail: $"The plan already has an indicator {indicator.Code}.");
        db.Indicators.Add(indicator);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/targets/indicators/{indicator.Id}", IndicatorDto.From(indicator));
    }

    static async Task<Results<Ok<IndicatorDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(Guid id,
        IndicatorRequest request, TargetsDb db, CancellationToken ct)
    {
        var indicator = await db.Indicators.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (indicator is null) return TypedResults.NotFound();
        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Id == indicator.PlanId, ct);
        try { plan.EnsureEditable("EditIndicators"); }
        catch (PlanTransitionRefused refused) { return TypedResults.Problem(PlanConflictHandler.Conflict(refused)); }

        var errors = new Errors();
        var code = indicator.Code;
        await ApplyAsync(request, indicator, db, errors, ct);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (indicator.Code != code && await db.Indicators.AnyAsync(i => i.PlanId == indicator.PlanId && i.Code == indicator.Code, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The indicator already exists.",
                detail: $"The plan already has an indicator {indicator.Code}.");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(IndicatorDto.From(indicator));
    }

    /// <summary>Province value per period: the latest accepted revision of each agency that still owes the period counts.</summary>
    static async Task<Results<Ok<IndicatorValuesDto>, NotFound, ValidationProblem>> Values(Guid id, string? period, TargetsDb db,
        CancellationToken ct)
    {
        var indicator = await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (indicator is null) return TypedResults.NotFound();
        var errors = new Errors();
        var key = period is null ? null : errors.Period("period", period)?.Key;
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var expected = await db.Obligations.AsNoTracking()
            .Where(o => o.SubjectId == id && o.Status != ObligationStatus.Cancelled && (key == null || o.Period == key))
            .GroupBy(o => o.Period).Select(g => new { Period = g.Key, Count = g.Count() }).ToListAsync(ct);
        var values = await db.CountedValues
            .Where(v => v.IndicatorId == id && (key == null || v.Period == key)).ToListAsync(ct);

        var periods = expected.Select(e => e.Period).Union(values.Select(v => v.Period)).Order(StringComparer.Ordinal);
        var result = periods.Select(p => ProvinceValue.Aggregate(p, indicator.Measure,
            values.Where(v => v.Period == p).Select(v => new IndicatorValue(v.Numerator, v.Denominator, v.Percent, v.Count, v.Done)).ToList(),
            expected.FirstOrDefault(e => e.Period == p)?.Count ?? 0)).ToList();
        if (key is not null && result.Count == 0) result.Add(ProvinceValue.Aggregate(key, indicator.Measure, [], 0));
        return TypedResults.Ok(new IndicatorValuesDto(indicator.Id, indicator.Code, indicator.Measure, indicator.TargetValue,
            indicator.TargetDate, result));
    }

    static async Task ApplyAsync(IndicatorRequest r, Indicator indicator, TargetsDb db, Errors errors, CancellationToken ct)
    {
        var code = errors.Required("code", r.Code, 30)?.ToUpperInvariant();
        if (code is not null && !CodeShape().IsMatch(code)) errors.Add("code", "Upper-case letters, digits or dashes, e.g. CQS-01.");
        var pillar = errors.Required("pillarCode", r.PillarCode, 10)?.ToUpperInvariant();
        if (pillar is not null && !await db.Pillars.AnyAsync(p => p.Code == pillar, ct))
            errors.Add("pillarCode", $"No pillar has code {pillar} (CQS, KTS, XHS).");
        var name = errors.Required("name", r.Name, 500);
        var measure = errors.Required("measure", r.Measure);
        if (measure == Measure.Ratio)
        {
            errors.Required("numeratorLabel", r.NumeratorLabel, 300);
            errors.Required("denominatorLabel", r.DenominatorLabel, 300);
        }
        var target = errors.Required("targetValue", r.TargetValue);
        if (target < 0) errors.Add("targetValue", "Cannot be negative.");
        if (measure is Measure.Ratio or Measure.Percent && target > 100) errors.Add("targetValue", "A percentage is at most 100.");
        if (measure is Measure.Milestone && target is not (0 or 1)) errors.Add("targetValue", "A milestone's target is 1 (done).");
        if (r.BaselineValue < 0) errors.Add("baselineValue", "Cannot be negative.");
        var targetDate = errors.Required("targetDate", r.TargetDate);
        if (r.BaselineDate is { } bd && targetDate is { } td && bd > td) errors.Add("baselineDate", "Must be before targetDate.");
        var frequency = errors.Required("frequency", r.Frequency);
        var offset = r.DueOffsetDays ?? 15;
        if (offset is < 0 or > 90) errors.Add("dueOffsetDays", "Must be between 0 and 90.");

        var lead = errors.Code("leadAgencyCode", r.LeadAgencyCode)?.Value;
        var reporters = new List<string>();
        for (var i = 0; i < (r.ReportingAgencies?.Count ?? 0); i++)
            if (errors.Code($"reportingAgencies[{i}]", r.ReportingAgencies![i]) is { } c) reporters.Add(c.Value);
        reporters = reporters.Distinct().ToList();
        if (reporters.Count == 0 && r.ReportingKind is null)
            errors.Add("reportingAgencies", "Name the reporting agencies, or a reportingKind (e.g. Commune), or both.");
        var named = reporters.Concat(lead is null ? [] : [lead]).ToList();
        var known = await db.Agencies.Where(a => named.Contains(a.Code)).Select(a => a.Code).ToListAsync(ct);
        if (lead is not null && !known.Contains(lead)) errors.Add("leadAgencyCode", $"No agency has code {lead}.");
        foreach (var missing in reporters.Except(known)) errors.Add("reportingAgencies", $"No agency has code {missing}.");
        if (errors.Any) return;

        indicator.Code = code!;
        indicator.PillarCode = pillar!;
        indicator.Name = name!;
        indicator.Measure = measure!.Value;
        indicator.NumeratorLabel = measure == Measure.Ratio ? r.NumeratorLabel!.Trim() : null;
        indicator.DenominatorLabel = measure == Measure.Ratio ? r.DenominatorLabel!.Trim() : null;
        indicator.BaselineValue = r.BaselineValue;
        indicator.BaselineDate = r.BaselineDate;
        indicator.TargetValue = target!.Value;
        indicator.TargetDate = targetDate!.Value;
        indicator.Direction = r.Direction ?? Direction.Increase;
        indicator.LeadAgencyCode = lead!;
        indicator.ReportingAgencies = reporters;
        indicator.ReportingKind = r.ReportingKind;
        indicator.Frequency = frequency!.Value;
        indicator.DueOffsetDays = offset;
    }

    [GeneratedRegex("^[A-Z0-9-]{2,30}$")]
    private static partial Regex CodeShape();
}
