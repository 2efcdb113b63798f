namespace DxTrack.Bench.Load;

/// <summary>
/// What one fixed-rate run achieved: the rate asked for, the rate of successful answers over the run,
/// latency measured from each request's intended send time, and how many requests failed.
/// <paramref name="SendLateness"/>, for a fixed-rate run, is how late the generator itself handed each request to the
/// client (part of its latency): a large value means the driver, not the server, fell behind.
/// </summary>
public sealed record LoadResult(
    double TargetRate,
    double AchievedRate,
    double Seconds,
    long Succeeded,
    long Failed,
    LatencyStats Latency,
    IReadOnlyDictionary<string, long> Errors,
    LatencyStats? SendLateness = null)
{
    /// <summary>
    /// Holds the bar: p99 under the limit (or at it, with <paramref name="orEqual"/>, for a bar written "≤"), at most 1%
    /// failures, and at least 95% of the asked rate answered.
    /// </summary>
    public bool Holds(double p99LimitMs, bool orEqual = false) =>
        Succeeded > 0
        && (orEqual ? Latency.P99 <= p99LimitMs : Latency.P99 < p99LimitMs)
        && Failed <= 0.01 * (Succeeded + Failed)
        && AchievedRate >= 0.95 * TargetRate;
}
