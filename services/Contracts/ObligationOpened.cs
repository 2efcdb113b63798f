namespace DxTrack.Contracts;

/// <summary>An agency now owes a report, due at <paramref name="DueAt"/>.</summary>
/// <param name="ObligationId">Identity of the obligation.</param>
/// <param name="AgencyCode">The agency that owes the report.</param>
/// <param name="Subject">Indicator, task or consultation.</param>
/// <param name="SubjectId">Id of the indicator, task or plan.</param>
/// <param name="SubjectCode">Human code of the subject, e.g. <c>CQS-01</c>.</param>
/// <param name="Title">Vietnamese title shown to the agency.</param>
/// <param name="Period">Reporting period key, e.g. <c>2023-Q1</c>, <c>2023-M04</c>, <c>2023</c>.</param>
/// <param name="DueAt">End of the due day in Asia/Ho_Chi_Minh, as an instant.</param>
/// <param name="Measure">For indicator obligations, what a value must look like; otherwise null.</param>
/// <param name="OpenedAt">When the obligation was created.</param>
public sealed record ObligationOpened(
    Guid ObligationId,
    string AgencyCode,
    ObligationSubject Subject,
    Guid SubjectId,
    string SubjectCode,
    string Title,
    string Period,
    DateTimeOffset DueAt,
    Measure? Measure,
    DateTimeOffset OpenedAt);
