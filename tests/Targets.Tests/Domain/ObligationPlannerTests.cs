using DxTrack.Contracts;
using DxTrack.Targets.Indicators;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Plans;
using DxTrack.Targets.Scheduling;
using DxTrack.Targets.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace DxTrack.Targets.Tests.Domain;

public sealed class ObligationPlannerTests
{
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2023, 3, 7, 2, 0, 0, TimeSpan.Zero));

    static Indicator Indicator(ReportingFrequency frequency, AgencyKind? kind = null, params string[] reporters) => new()
    {
        Id = Guid.NewGuid(), Code = "CQS-01", PillarCode = "CQS", Name = "DVCTT toàn trình", LeadAgencyCode = "VP-UBND",
        Measure = Measure.Ratio, TargetValue = 100, TargetDate = new DateOnly(2023, 12, 31), Frequency = frequency,
        ReportingAgencies = [.. reporters], ReportingKind = kind, DueOffsetDays = 15,
    };

    static readonly (string, AgencyKind)[] Agencies =
    [
        ("STTTT", AgencyKind.Department), ("VP-UBND", AgencyKind.Department),
        ("H-BABE", AgencyKind.District), ("H-NARI", AgencyKind.District), ("X-NAMMAU", AgencyKind.Commune),
    ];

    [Fact]
    public void An_indicator_owes_one_report_per_reporting_agency_and_period()
    {
        var plan = Plan.Draft("KH", "t", 2023, 2023, null, _clock);
        var desired = ObligationPlanner.ForIndicator(plan, Indicator(ReportingFrequency.Quarterly, AgencyKind.District, "STTTT"), Agencies).ToList();
        Assert.Equal(4 * 3, desired.Count);
        Assert.Equal(12, desired.Select(d => d.Key).Distinct().Count());
        var q1 = desired.First(d => d.AgencyCode == "STTTT" && d.Period.Key == "2023-Q1");
        Assert.Equal(new DateOnly(2023, 4, 15), q1.Due.LocalDate);
    }

    [Fact]
    public void Inactive_or_unknown_agencies_owe_nothing()
    {
        var plan = Plan.Draft("KH", "t", 2023, 2023, null, _clock);
        var desired = ObligationPlanner.ForIndicator(plan, Indicator(ReportingFrequency.Annual, null, "STTTT", "GONE"), Agencies).ToList();
        Assert.Equal(["STTTT"], desired.Select(d => d.AgencyCode));
    }

    [Fact]
    public void A_plan_starting_mid_year_owes_from_its_first_whole_period()
    {
        var plan = Plan.Draft("KH", "t", 2023, 2023, new DateOnly(2023, 3, 7), _clock);
        var periods = ObligationPlanner.ForIndicator(plan, Indicator(ReportingFrequency.Quarterly, null, "STTTT"), Agencies)
            .Select(d => d.Period.Key);
        Assert.Equal(["2023-Q2", "2023-Q3", "2023-Q4"], periods);
    }

    [Fact]
    public void A_task_reports_each_quarter_it_runs_through_and_once_at_its_due_date()
    {
        var schedule = ObligationPlanner.TaskSchedule(new DateOnly(2023, 3, 7), new DateOnly(2023, 9, 30), 10);
        Assert.Equal(["2023-Q1", "2023-Q2", "2023-Q3"], schedule.Select(s => s.Period.Key));
        Assert.Equal(new DateOnly(2023, 4, 10), schedule[0].Due.LocalDate);
        Assert.Equal(new DateOnly(2023, 9, 30), schedule[^1].Due.LocalDate);
    }

    [Fact]
    public void A_task_due_within_its_first_quarter_owes_one_final_report()
    {
        var schedule = ObligationPlanner.TaskSchedule(new DateOnly(2023, 3, 7), new DateOnly(2023, 3, 31), 10);
        Assert.Equal(["2023-Q1"], schedule.Select(s => s.Period.Key));
    }

    [Fact]
    public void The_April_2023_deadline_gives_a_first_quarter_report_and_a_final_one_on_30_April()
    {
        var task = new PlanTask
        {
            Id = Guid.NewGuid(), Code = "NV-01", Title = "Hoàn thành bổ sung nhiệm vụ", PillarCode = "CQS", OwnerCode = "STTTT",
            CoOwnerCodes = ["SNV"], StartDate = new DateOnly(2023, 3, 7), DueDate = new DateOnly(2023, 4, 30),
        };
        var desired = ObligationPlanner.ForTask(task, Guid.NewGuid(), 10).ToList();
        Assert.Equal(4, desired.Count); // (Q1 report + final) × (owner + co-owner)
        Assert.Contains(desired, d => d.AgencyCode == "SNV" && d.Due.LocalDate == new DateOnly(2023, 4, 30));
    }
}
