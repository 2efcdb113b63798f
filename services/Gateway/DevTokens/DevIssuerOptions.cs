using System.ComponentModel.DataAnnotations;

namespace DxTrack.Gateway.DevTokens;

/// <summary>
/// The development issuer: <c>POST /dev/token</c> hands out a token for any role and agency, signed
/// with <c>Auth:SigningKey</c>. Section <c>Auth:DevIssuer</c>. Off unless <see cref="Enabled"/> is set
/// (the AppHost sets it in <c>containers</c> and <c>local</c> modes, never in <c>existing</c>); never enable it
/// where real data lives.
/// </summary>
public sealed class DevIssuerOptions
{
    public const string Section = "Auth:DevIssuer";

    public bool Enabled { get; set; }

    /// <summary>Longest lifetime a caller may ask for, in minutes (default 720 = 12 hours).</summary>
    [Range(1, 7 * 24 * 60)]
    public int MaxLifetimeMinutes { get; set; } = 720;
}
