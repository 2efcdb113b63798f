using DxTrack.Contracts;
using DxTrack.Messaging.Audit;
using DxTrack.Submissions.Replica;
using DxTrack.Submissions.Review;

namespace DxTrack.Submissions.Reports;

/// <summary>
/// An agency's report on one obligation, with every revision it has gone through.
/// The latest accepted revision is the one that counts.
/// </summary>
public sealed class Submission : IAudited
{
    Submission() { }

    public Guid Id { get; private set; }
    public Guid ObligationId { get; private set; }
    public string AgencyCode { get; private set; } = "";
    public string Period { get; private set; } = "";
    public ObligationSubject Subject { get; private set; }

    public int LatestRevision { get; private set; }

    /// <summary>Status of the latest revision.</summary>
    public RevisionStatus Status { get; private set; }
    public int? AcceptedRevision { get; private set; }

    /// <summary>Whether the first revision arrived after the due instant.</summary>
    public bool IsLate { get; private set; }

    /// <summary>Set on acceptance: on time as compliance judges it (see <see cref="JudgeOnTime"/>).</summary>
    public bool? OnTime { get; private set; }

    public DateTimeOffset FirstSubmittedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Concurrency token: two reviewers or two revisions at once cannot both win.</summary>
    public uint RowVersion { get; private set; }

    public List<Revision> Revisions { get; private set; } = [];

    public Revision Latest => Revisions.Single(r => r.Number == LatestRevision);

    public static Submission Start(ObligationReplica obligation, ReportContent content, Submitter by,
        DateTimeOffset now)
    {
        RequireOpen(obligation);
        var submission = new Submission
        {
            Id = Guid.CreateVersion7(now),
            ObligationId = obligation.Id,
            AgencyCode = obligation.AgencyCode,
            Period = obligation.Period,
            Subject = obligation.Subject,
            FirstSubmittedAt = now,
        };
        var first = submission.AddRevision(obligation, content, by, now);
        submission.IsLate = first.IsLate;
        return submission;
    }

    /// <summary>
    /// A new revision: the fix of a returned one, a correction of an accepted one (it replaces the
    /// accepted one once accepted itself), or a replacement of one not reviewed yet.
    /// </summary>
    public Revision Revise(ObligationReplica obligation, ReportContent content, Submitter by, DateTimeOffset now)
    {
        RequireOpen(obligation);
        var latest = Latest;
        if (latest.Status == RevisionStatus.Submitted) latest.Supersede();
        return AddRevision(obligation, content, by, now);
    }

    public Revision Accept(ObligationReplica obligation, string reviewer, DateTimeOffset now)
    {
        var latest = Latest;
        latest.Accept(reviewer, now);
        AcceptedRevision = latest.Number;
        Status = latest.Status;
        OnTime = JudgeOnTime(obligation.DueAt);
        UpdatedAt = now;
        return latest;
    }

    public Revision Return(ReturnDecision decision, string reviewer, DateTimeOffset now)
    {
        var latest = Latest;
        latest.Return(decision, reviewer, now);
        Status = latest.Status;
        UpdatedAt = now;
        return latest;
    }

    /// <summary>
    /// On time is judged on the first revision: it must arrive by the due instant, and each time a
    /// revision was returned, the next one must arrive by the fix date the reviewer set — up to the
    /// first acceptance. The obligation was fulfilled then, so corrections after it (returned and
    /// fixed late or not) do not make a report late.
    /// </summary>
    public bool JudgeOnTime(DateTimeOffset dueAt)
    {
        var ordered = Revisions.OrderBy(r => r.Number).ToList();
        if (ordered.Count == 0 || ordered[0].SubmittedAt > dueAt) return false;
        var firstAccepted = ordered.FindIndex(r => r.Status == RevisionStatus.Accepted);
        var judged = firstAccepted < 0 ? ordered.Count - 1 : firstAccepted;
        for (var i = 0; i < judged; i++)
        {
            if (ordered[i].Status == RevisionStatus.Returned && ordered[i + 1].SubmittedAt > ordered[i].FixBy)
                return false;
        }
        return true;
    }

    Revision AddRevision(ObligationReplica obligation, ReportContent content, Submitter by, DateTimeOffset now)
    {
        var revision = Revision.Create(Id, LatestRevision + 1, content, by, now, obligation.DueAt);
        Revisions.Add(revision);
        LatestRevision = revision.Number;
        Status = revision.Status;
        UpdatedAt = now;
        return revision;
    }

    static void RequireOpen(ObligationReplica obligation)
    {
        if (obligation.IsCancelled)
            throw new ReportRuleException($"Obligation {obligation.Id} was cancelled; nothing can be reported on it.",
                "obligationId");
    }
}
