namespace DxTrack.Bench.Report;

/// <summary>Whether a figure reaches its bar.</summary>
public enum Verdict
{
    Meets,
    Misses,
    /// <summary>The scenario did not produce the figure (it failed or was skipped); the notes say why.</summary>
    NotMeasured,
}
