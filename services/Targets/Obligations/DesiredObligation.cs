using DxTrack.Contracts;
using DxTrack.Targets.Scheduling;

namespace DxTrack.Targets.Obligations;

/// <summary>An obligation the plan says should exist; <see cref="ObligationLedger"/> makes the rows match.</summary>
public sealed record DesiredObligation(
    string AgencyCode,
    ObligationSubject Subject,
    Guid SubjectId,
    string SubjectCode,
    string Title,
    Period Period,
    DueInstant Due,
    Measure? Measure,
    Guid? PlanId)
{
    public (string, ObligationSubject, Guid, string) Key => (AgencyCode, Subject, SubjectId, Period.Key);
}
