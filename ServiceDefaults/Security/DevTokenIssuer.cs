using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DxTrack.ServiceDefaults.Security;

/// <summary>
/// Mints tokens signed with the development key, for <c>local</c> mode and tests.
/// Production tokens come from the OpenID Connect authority instead.
/// </summary>
public sealed class DevTokenIssuer(AuthOptions options, TimeProvider clock)
{
    public string Issue(string role, string? agencyCode, string subject, TimeSpan? lifetime = null, string? name = null)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
            throw new InvalidOperationException("The development issuer needs Auth:SigningKey.");
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new(DxClaims.Subject, subject), new(DxClaims.Role, role) };
        if (agencyCode is not null) claims.Add(new Claim(DxClaims.Agency, agencyCode));
        if (name is not null) claims.Add(new Claim(DxClaims.Name, name));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
