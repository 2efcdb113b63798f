namespace DxTrack.Contracts;

/// <summary>What an obligation asks an agency to report on.</summary>
public enum ObligationSubject
{
    /// <summary>Values of an indicator for one period.</summary>
    Indicator,
    /// <summary>Progress of an assigned task.</summary>
    Task,
    /// <summary>Feedback on a draft plan during consultation.</summary>
    Consultation,
}
