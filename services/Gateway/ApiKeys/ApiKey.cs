using DxTrack.Messaging.Audit;

namespace DxTrack.Gateway.ApiKeys;

/// <summary>
/// A key an agency's own system uses instead of a person's token: it acts as a reporter of that agency.
/// Issued once (the text is shown only then), revoked for good.
/// </summary>
public sealed class ApiKey : IAudited
{
    ApiKey() { }

    public Guid Id { get; private set; }
    public string Prefix { get; private set; } = "";

    /// <summary>SHA-256 of the key's text: the key's verifier, kept in this table only and out of the audit trail.</summary>
    [NotAudited]
    public string SecretHash { get; private set; } = "";
    public string AgencyCode { get; private set; } = "";
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset? RevokedAt { get; private set; }
    public string? RevokedBy { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>The subject of the tokens minted for this key; services see it as the caller.</summary>
    public string Subject => SubjectFor(Id);

    public static string SubjectFor(Guid id) => $"apikey:{id}";

    /// <summary>A new key and its text, which the caller must show once and never store.</summary>
    public static (ApiKey Key, string Text) Issue(string agencyCode, string name, string createdBy, TimeProvider clock)
    {
        var (prefix, text) = ApiKeySecret.Generate();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Prefix = prefix,
            SecretHash = ApiKeySecret.Hash(text),
            AgencyCode = agencyCode,
            Name = name,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
        };
        return (key, text);
    }

    /// <summary>Whether the presented text is this key and the key still works.</summary>
    public bool Accepts(string text) => !IsRevoked && ApiKeySecret.Matches(text, SecretHash);

    /// <summary>Revokes the key; a key is revoked once, so a second revocation is refused.</summary>
    public bool TryRevoke(string revokedBy, TimeProvider clock)
    {
        if (IsRevoked) return false;
        RevokedAt = clock.GetUtcNow();
        RevokedBy = revokedBy;
        return true;
    }
}
