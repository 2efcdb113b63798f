namespace DxTrack.ServiceDefaults.Security;

/// <summary>
/// How tokens are validated. Section <c>Auth</c>. In production set <see cref="Authority"/> to the
/// OpenID Connect provider; in development set <see cref="SigningKey"/> to the development issuer's key.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>OpenID Connect authority (issuer URL); keys come from its discovery document.</summary>
    public string? Authority { get; set; }

    /// <summary>Expected issuer when a signing key is used.</summary>
    public string Issuer { get; set; } = "dxtrack-dev";

    /// <summary>Expected audience.</summary>
    public string Audience { get; set; } = "dxtrack";

    /// <summary>Symmetric HMAC-SHA256 key of the development issuer (at least 32 bytes).</summary>
    public string? SigningKey { get; set; }
}
