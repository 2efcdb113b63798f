namespace DxTrack.Targets.Plans;

/// <summary>A plan's lifecycle: <c>Draft → InConsultation → Approved → Superseded</c>.</summary>
public enum PlanStatus
{
    Draft,
    InConsultation,
    Approved,
    Superseded,
}
