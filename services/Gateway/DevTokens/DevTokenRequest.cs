namespace DxTrack.Gateway.DevTokens;

/// <summary>What token to mint: a role, the agency (required for reporters), optionally a subject and lifetime.</summary>
public sealed record DevTokenRequest(string? Role, string? Agency, string? Subject, int? LifetimeMinutes);
