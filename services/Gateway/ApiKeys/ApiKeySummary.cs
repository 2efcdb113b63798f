namespace DxTrack.Gateway.ApiKeys;

/// <summary>A key as listed: everything but the key itself.</summary>
public sealed record ApiKeySummary(Guid Id, string Prefix, string AgencyCode, string Name, DateTimeOffset CreatedAt,
    string CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy, bool Active)
{
    public static ApiKeySummary From(ApiKey key) => new(key.Id, key.Prefix, key.AgencyCode, key.Name, key.CreatedAt,
        key.CreatedBy, key.RevokedAt, key.RevokedBy, !key.IsRevoked);
}
