namespace DxTrack.Contracts;

/// <summary>How an indicator is measured, and so what a report must contain.</summary>
public enum Measure
{
    /// <summary>A numerator over a denominator (e.g. procedures online / eligible procedures).</summary>
    Ratio,
    /// <summary>A percentage between 0 and 100.</summary>
    Percent,
    /// <summary>A whole number.</summary>
    Count,
    /// <summary>Done or not done.</summary>
    Milestone,
}
