namespace DxTrack.Bench.Scenarios;

/// <summary>The bare publish loop's message: about the size of an <c>ObligationOpened</c>, queued but consumed by nobody.</summary>
public sealed record BenchPing(Guid Id, string AgencyCode, string Title, string Period, DateTimeOffset DueAt, DateTimeOffset SentAt);
