using DxTrack.Contracts;
using DxTrack.Submissions.Compliance;
using DxTrack.Submissions.Replica;
using DxTrack.Submissions.Reports;
using DxTrack.Submissions.Review;

namespace DxTrack.Submissions.Tests;

/// <summary>The report's state machine and the compliance sums, without servers.</summary>
public sealed class RevisionRulesTests
{
    static readonly DateTimeOffset Due = new(2026, 12, 31, 16, 59, 59, TimeSpan.Zero);
    static readonly ReportContent Progress = new(null, new ReportedProgress(TaskProgressStatus.InProgress, 50, null), null, []);

    static readonly Submitter Reporter = new("u", "reporter", "STTTT");

    static ObligationReplica Obligation() => ObligationReplica.From(new ObligationOpened(Guid.NewGuid(), "STTTT",
        ObligationSubject.Task, Guid.NewGuid(), "NV-01", "Nhiệm vụ", "2026-Q4", Due, null, Due.AddDays(-90)));

    static ReturnDecision ReturnFixBy(DateTimeOffset fixBy) => new("wrong-figure", "Sai số liệu", [], fixBy);

    [Fact]
    public void A_report_on_time_returned_and_fixed_within_the_fix_period_is_still_on_time()
    {
        var obligation = Obligation();
        var submission = Submission.Start(obligation, Progress, Reporter, Due.AddDays(-1));
        submission.Return(ReturnFixBy(Due.AddDays(3)), "s", Due.AddHours(-1));
        submission.Revise(obligation, Progress, Reporter, Due.AddDays(2));
        submission.Accept(obligation, "s", Due.AddDays(2));

        Assert.True(submission.OnTime);
        Assert.True(submission.Latest.IsLate);   // the revision itself came after the due instant
        Assert.False(submission.IsLate);
    }

    [Fact]
    public void A_fix_after_the_fix_period_makes_the_report_not_on_time()
    {
        var obligation = Obligation();
        var submission = Submission.Start(obligation, Progress, Reporter, Due.AddDays(-1));
        submission.Return(ReturnFixBy(Due.AddDays(1)), "s", Due.AddHours(-1));
        submission.Revise(obligation, Progress, Reporter, Due.AddDays(2));
        submission.Accept(obligation, "s", Due.AddDays(2));

        Assert.False(submission.OnTime);
    }

    [Fact]
    public void A_first_report_after_the_due_instant_is_late_and_never_on_time()
    {
        var obligation = Obligation();
        var submission = Submission.Start(obligation, Progress, Reporter, Due.AddSeconds(1));
        submission.Accept(obligation, "s", Due.AddDays(1));

        Assert.True(submission.IsLate);
        Assert.False(submission.OnTime);
    }

    [Fact]
    public void Only_a_revision_awaiting_review_can_be_accepted_or_returned()
    {
        var obligation = Obligation();
        var submission = Submission.Start(obligation, Progress, Reporter, Due.AddDays(-1));
        submission.Accept(obligation, "s", Due);

        Assert.Throws<ReportRuleException>(() => submission.Accept(obligation, "s", Due));
        Assert.Throws<ReportRuleException>(() => submission.Return(ReturnFixBy(Due), "s", Due));
    }

    [Fact]
    public void Nothing_can_be_reported_on_a_cancelled_obligation()
    {
        var obligation = Obligation();
        obligation.Cancel("Kế hoạch thay thế", Due.AddDays(-10));

        var refused = Assert.Throws<ReportRuleException>(() =>
            Submission.Start(obligation, Progress, Reporter, Due.AddDays(-1)));
        Assert.Equal("obligationId", refused.Field);
    }

    [Fact]
    public void A_correction_after_acceptance_replaces_the_accepted_revision_once_accepted()
    {
        var obligation = Obligation();
        var submission = Submission.Start(obligation, Progress, Reporter, Due.AddDays(-1));
        submission.Accept(obligation, "s", Due.AddDays(-1));
        submission.Revise(obligation, Progress, Reporter, Due.AddDays(5));
        Assert.Equal(1, submission.AcceptedRevision);

        submission.Accept(obligation, "s", Due.AddDays(6));

        Assert.Equal(2, submission.AcceptedRevision);
        Assert.True(submission.OnTime);
        Assert.All(submission.Revisions, r => Assert.Equal(RevisionStatus.Accepted, r.Status));
    }

    [Fact]
    public void A_correction_after_acceptance_returned_and_fixed_after_its_fix_date_leaves_the_report_on_time()
    {
        var obligation = Obligation();
        var submission = Submission.Start(obligation, Progress, Reporter, Due.AddDays(-2));
        submission.Accept(obligation, "s", Due.AddDays(-1));
        submission.Revise(obligation, Progress, Reporter, Due.AddDays(1));
        submission.Return(ReturnFixBy(Due.AddDays(2)), "s", Due.AddDays(1));
        submission.Revise(obligation, Progress, Reporter, Due.AddDays(5));   // after the correction's fix date
        submission.Accept(obligation, "s", Due.AddDays(5));

        Assert.Equal(3, submission.AcceptedRevision);
        Assert.True(submission.OnTime);
        Assert.True(submission.JudgeOnTime(obligation.DueAt));
    }

    [Fact]
    public void Rates_never_exceed_one_and_are_null_when_nothing_is_due()
    {
        var now = Due.AddDays(1);
        ObligationStanding Standing(DateTimeOffset due, bool fulfilled, bool onTime, bool active = true) =>
            new(Guid.NewGuid(), "A", ObligationSubject.Task, "NV", "t", "2026-Q4", due, active, null, null, fulfilled, onTime);

        var report = ComplianceCalculator.Calculate([
            Standing(Due, fulfilled: true, onTime: true),
            Standing(Due.AddDays(30), fulfilled: true, onTime: true),     // fulfilled early: due
            Standing(Due.AddDays(30), fulfilled: false, onTime: false),   // not due yet
            Standing(Due, fulfilled: true, onTime: true, active: false),  // inactive agency
        ], now, null, null);
        var empty = ComplianceCalculator.Calculate([], now, null, null);

        Assert.Equal(new ComplianceRate(2, 2, 2, 1m, 1m), report.Overall);
        Assert.Empty(report.Outstanding);
        Assert.Null(empty.Overall.Completeness);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(86_400, 1)]
    [InlineData(86_401, 2)]
    public void Days_overdue_count_every_day_started_after_the_due_instant(int secondsLate, int days) =>
        Assert.Equal(days, ComplianceCalculator.DaysOverdue(Due, Due.AddSeconds(secondsLate)));
}
