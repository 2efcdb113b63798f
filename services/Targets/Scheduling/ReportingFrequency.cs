namespace DxTrack.Targets.Scheduling;

/// <summary>How often an indicator is reported; each value names a kind of <see cref="Period"/>.</summary>
public enum ReportingFrequency
{
    Monthly,
    Quarterly,
    HalfYear,
    Annual,
}
