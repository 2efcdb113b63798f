namespace DxTrack.Gateway.ApiKeys;

/// <summary>The new key. <see cref="Key"/> is shown in this response only: it is stored as a hash.</summary>
public sealed record ApiKeyCreated(Guid Id, string Key, string Prefix, string AgencyCode, string Name, DateTimeOffset CreatedAt);
