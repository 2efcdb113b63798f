namespace DxTrack.Submissions.Reports;

/// <summary>Where one revision of a report stands in review.</summary>
public enum RevisionStatus
{
    /// <summary>Received, awaiting review.</summary>
    Submitted,
    /// <summary>Accepted by the secretariat; the latest accepted revision is the one that counts.</summary>
    Accepted,
    /// <summary>Sent back to the agency with a reason; a new revision is expected.</summary>
    Returned,
    /// <summary>Replaced by a newer revision before anyone reviewed it.</summary>
    Superseded,
}
