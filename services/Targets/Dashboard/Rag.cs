using DxTrack.Targets.Indicators;

namespace DxTrack.Targets.Dashboard;

/// <summary>Red / amber / green against the target; grey while there is no province value to judge.</summary>
public enum Rag
{
    Grey,
    Red,
    Amber,
    Green,
}

public static class RagRating
{
    /// <summary>Share of the target that still counts as "nearly there" (amber).</summary>
    public const decimal AmberShare = 0.8m;

    /// <summary>
    /// Increasing targets: green at or above the target, amber from 80 % of it, red below. Decreasing targets: green at
    /// or below the target, amber up to 125 % of it (the same distance, seen from the other side), red above.
    /// </summary>
    public static Rag Rate(decimal? value, decimal target, Direction direction)
    {
        if (value is not { } v) return Rag.Grey;
        return direction == Direction.Increase
            ? v >= target ? Rag.Green : v >= target * AmberShare ? Rag.Amber : Rag.Red
            : v <= target ? Rag.Green : v <= target / AmberShare ? Rag.Amber : Rag.Red;
    }
}
