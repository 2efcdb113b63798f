using DxTrack.Targets.Plans;
using Microsoft.Extensions.Time.Testing;

namespace DxTrack.Targets.Tests.Domain;

public sealed class PlanLifecycleTests
{
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2023, 3, 7, 2, 0, 0, TimeSpan.Zero));

    Plan Draft() => Plan.Draft("KH-CDS-2023", "Kế hoạch chuyển đổi số năm 2023", 2023, 2023, null, _clock);

    [Fact]
    public void A_plan_goes_from_draft_through_consultation_to_approved()
    {
        var plan = Draft();
        plan.OpenConsultation(["STTTT"], new DateOnly(2023, 3, 31));
        Assert.Equal(PlanStatus.InConsultation, plan.Status);
        plan.Approve(_clock);
        Assert.Equal(PlanStatus.Approved, plan.Status);
        Assert.Equal(_clock.GetUtcNow(), plan.ApprovedAt);
    }

    [Fact]
    public void A_draft_cannot_be_approved_without_consultation()
    {
        var refused = Assert.Throws<PlanTransitionRefused>(() => Draft().Approve(_clock));
        Assert.Equal(PlanStatus.Draft, refused.Current);
        Assert.Equal("Approved", refused.Requested);
    }

    [Fact]
    public void An_approved_plan_cannot_go_back_to_consultation_or_be_edited()
    {
        var plan = Draft();
        plan.OpenConsultation(["STTTT"], new DateOnly(2023, 3, 31));
        plan.Approve(_clock);
        Assert.Throws<PlanTransitionRefused>(() => plan.OpenConsultation(["STTTT"], new DateOnly(2023, 3, 31)));
        Assert.Throws<PlanTransitionRefused>(() => plan.EnsureEditable("EditIndicators"));
        Assert.Throws<PlanTransitionRefused>(() => plan.Edit("x", 2023, 2023, null));
    }

    [Fact]
    public void A_revision_is_a_new_draft_version_of_the_same_series()
    {
        var plan = Draft();
        plan.OpenConsultation(["STTTT"], new DateOnly(2023, 3, 31));
        plan.Approve(_clock);
        var revision = plan.Revise(_clock);
        Assert.Equal(PlanStatus.Draft, revision.Status);
        Assert.Equal(2, revision.Version);
        Assert.Equal(plan.SeriesId, revision.SeriesId);
        Assert.Equal(plan.Id, revision.PreviousVersionId);
        Assert.NotEqual(plan.Id, revision.Id);
    }

    [Fact]
    public void Only_an_approved_plan_can_be_revised_or_superseded()
    {
        Assert.Throws<PlanTransitionRefused>(() => Draft().Revise(_clock));
        Assert.Throws<PlanTransitionRefused>(() => Draft().Supersede(_clock));
    }

    [Fact]
    public void A_plan_starting_mid_year_keeps_its_start_date()
    {
        var plan = Plan.Draft("KH", "t", 2023, 2025, new DateOnly(2023, 3, 7), _clock);
        Assert.Equal(new DateOnly(2023, 3, 7), plan.StartsOn);
        Assert.Equal(new DateOnly(2025, 12, 31), plan.EndsOn);
        Assert.False(plan.IsAnnual);
    }
}
