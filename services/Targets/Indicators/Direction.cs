namespace DxTrack.Targets.Indicators;

/// <summary>Whether reaching the target means going up or down.</summary>
public enum Direction
{
    Increase,
    Decrease,
}
