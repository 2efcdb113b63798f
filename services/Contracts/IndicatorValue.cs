namespace DxTrack.Contracts;

/// <summary>One agency's value for an indicator and period; the fields used depend on the measure.</summary>
public sealed record IndicatorValue(
    decimal? Numerator = null,
    decimal? Denominator = null,
    decimal? Percent = null,
    long? Count = null,
    bool? Done = null);
