namespace DxTrack.Targets.Api;

/// <summary>One page of a list, with the total so clients can page through it.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
