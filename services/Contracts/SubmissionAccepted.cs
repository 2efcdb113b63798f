namespace DxTrack.Contracts;

/// <summary>The secretariat accepted a revision; it is now the one that counts.</summary>
/// <param name="SubmissionId">Identity of the submission.</param>
/// <param name="ObligationId">The obligation it fulfils.</param>
/// <param name="AgencyCode">The reporting agency.</param>
/// <param name="Revision">The accepted revision; a later accepted revision replaces it.</param>
/// <param name="Subject">Indicator, task or consultation.</param>
/// <param name="SubjectId">Id of the indicator, task or plan.</param>
/// <param name="Period">Reporting period key.</param>
/// <param name="Value">Indicator value, for indicator obligations.</param>
/// <param name="Progress">Task progress, for task obligations.</param>
/// <param name="OnTime">Judged on the first submission, as compliance counts it.</param>
/// <param name="AcceptedAt">When it was accepted.</param>
public sealed record SubmissionAccepted(
    Guid SubmissionId,
    Guid ObligationId,
    string AgencyCode,
    int Revision,
    ObligationSubject Subject,
    Guid SubjectId,
    string Period,
    IndicatorValue? Value,
    TaskProgress? Progress,
    bool OnTime,
    DateTimeOffset AcceptedAt);
