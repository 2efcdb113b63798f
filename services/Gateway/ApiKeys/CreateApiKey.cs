namespace DxTrack.Gateway.ApiKeys;

/// <summary>Issue a key for an agency's system.</summary>
public sealed record CreateApiKey(string? AgencyCode, string? Name);
