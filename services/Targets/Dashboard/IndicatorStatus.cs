namespace DxTrack.Targets.Dashboard;

/// <summary>Where an indicator stands against the progress planned by today.</summary>
public enum IndicatorStatus
{
    /// <summary>No accepted value yet (chưa có số liệu).</summary>
    NoData,

    /// <summary>Well behind the straight line to the target (chậm tiến độ).</summary>
    OffTrack,

    /// <summary>Somewhat behind (có nguy cơ chậm).</summary>
    AtRisk,

    /// <summary>On or ahead of the line (đúng tiến độ).</summary>
    OnTrack,
}
