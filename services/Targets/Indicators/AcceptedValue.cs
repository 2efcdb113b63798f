namespace DxTrack.Targets.Indicators;

/// <summary>The accepted value one agency reported for an indicator and period; only the latest accepted revision is kept.</summary>
public sealed class AcceptedValue
{
    public Guid Id { get; set; }
    public Guid IndicatorId { get; set; }
    public required string AgencyCode { get; set; }
    public required string Period { get; set; }
    public Guid SubmissionId { get; set; }
    public int Revision { get; set; }
    public decimal? Numerator { get; set; }
    public decimal? Denominator { get; set; }
    public decimal? Percent { get; set; }
    public long? Count { get; set; }
    public bool? Done { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }
}
