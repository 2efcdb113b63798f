using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace DxTrack.Gateway.ApiKeys;

/// <summary>
/// The text of an API key: <c>dxk_{prefix}_{secret}</c>. The prefix (public, 12 hex digits) finds the
/// stored key; the secret (256 random bits) proves possession. Only a SHA-256 of the whole text is stored:
/// with that much entropy a plain hash cannot be reversed, and checking it costs one hash per request.
/// </summary>
public static class ApiKeySecret
{
    public const string Scheme = "dxk";
    public const int PrefixLength = 12;

    public static (string Prefix, string Text) Generate()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (prefix, $"{Scheme}_{prefix}_{secret}");
    }

    /// <summary>The prefix of a well-formed key, without touching storage.</summary>
    public static bool TryReadPrefix(string? text, [NotNullWhen(true)] out string? prefix)
    {
        prefix = null;
        if (text is null || text.Length > 100) return false;
        var parts = text.Split('_', 3);
        if (parts.Length != 3 || parts[0] != Scheme || parts[1].Length != PrefixLength || parts[2].Length < 40) return false;
        prefix = parts[1];
        return prefix.All(char.IsAsciiHexDigitLower);
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static bool Matches(string text, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(text)), Encoding.ASCII.GetBytes(storedHash));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
