namespace DxTrack.Targets.Plans;

/// <summary>A change the plan's current state does not allow; the API answers 409 with both states.</summary>
public sealed class PlanTransitionRefused(PlanStatus current, string requested, string reason)
    : InvalidOperationException(reason)
{
    public PlanStatus Current { get; } = current;

    /// <summary>The state or edit that was asked for, e.g. <c>Approved</c> or <c>EditIndicators</c>.</summary>
    public string Requested { get; } = requested;
}
