namespace DxTrack.Gateway.DevTokens;

/// <summary>A development token; send it as <c>Authorization: Bearer {AccessToken}</c>.</summary>
public sealed record DevToken(string AccessToken, DateTimeOffset ExpiresAt, string Subject, string Role, string? Agency);
