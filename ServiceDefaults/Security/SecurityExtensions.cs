using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace DxTrack.ServiceDefaults.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// JWT bearer validation and DxTrack's policies. Every service calls this: the gateway checks
    /// tokens, and each service checks them again, so a service reached directly is just as closed.
    /// </summary>
    public static TBuilder AddDxAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var auth = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(auth.Authority) && string.IsNullOrWhiteSpace(auth.SigningKey))
            throw new InvalidOperationException("Set Auth:Authority (OpenID Connect) or Auth:SigningKey (development issuer).");

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuer = string.IsNullOrWhiteSpace(auth.Authority) ? auth.Issuer : auth.Authority,
                    ValidateAudience = true,
                    ValidAudience = auth.Audience,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    RoleClaimType = DxClaims.Role,
                    NameClaimType = DxClaims.Name,
                    ValidAlgorithms = ValidAlgorithms(auth),
                };
                if (!string.IsNullOrWhiteSpace(auth.Authority))
                {
                    o.Authority = auth.Authority;
                    o.RequireHttpsMetadata = auth.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                    if (!string.IsNullOrWhiteSpace(auth.SigningKey)) AcceptInternalTokens(o, auth);
                }
                else
                {
                    o.TokenValidationParameters.IssuerSigningKey =
                        new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey!));
                }
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(DxPolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim(DxClaims.Role, DxRoles.Admin))
            .AddPolicy(DxPolicies.Secretariat, p => p.RequireAuthenticatedUser()
                .RequireClaim(DxClaims.Role, DxRoles.Admin, DxRoles.Secretariat))
            .AddPolicy(DxPolicies.Reporter, p => p.RequireAuthenticatedUser()
                .RequireClaim(DxClaims.Role, DxRoles.Admin, DxRoles.Secretariat, DxRoles.Reporter))
            .AddPolicy(DxPolicies.Reader, p => p.RequireAuthenticatedUser()
                .RequireClaim(DxClaims.Role, DxRoles.All.ToArray()));

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped(sp => CurrentUser.From(
            sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new System.Security.Claims.ClaimsPrincipal()));
        return builder;
    }

    /// <summary>Signatures a provider signs with: RSA and ECDSA, never HMAC with a key anyone can read from its key set.</summary>
    static readonly string[] ProviderAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>
    /// Always a fixed list, so <c>alg: none</c> and algorithm substitution (HMAC keyed with a provider's public
    /// key) fail before any key is tried. HS256 only for the development issuer's and the gateway's internal
    /// tokens, whose issuer is then held to the shared key by <see cref="AcceptInternalTokens"/>.
    /// </summary>
    static string[] ValidAlgorithms(AuthOptions auth) =>
        string.IsNullOrWhiteSpace(auth.Authority) ? [SecurityAlgorithms.HmacSha256]
        : string.IsNullOrWhiteSpace(auth.SigningKey) ? ProviderAlgorithms
        : [.. ProviderAlgorithms, SecurityAlgorithms.HmacSha256];

    /// <summary>
    /// Beside the OpenID Connect provider's tokens, accept the gateway's internal tokens (minted for
    /// API-key callers, issuer <see cref="AuthOptions.Issuer"/>, signed with <see cref="AuthOptions.SigningKey"/>).
    /// Each issuer is held to its own key, so the internal key can never vouch for a provider token or the reverse.
    /// </summary>
    static void AcceptInternalTokens(JwtBearerOptions o, AuthOptions auth)
    {
        var internalKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.SigningKey!));
        o.TokenValidationParameters.ValidIssuers = [auth.Issuer];
        o.TokenValidationParameters.IssuerSigningKey = internalKey;
        o.Events ??= new JwtBearerEvents();
        o.Events.OnTokenValidated = context =>
        {
            var signedInternally = ReferenceEquals(context.SecurityToken.SigningKey, internalKey);
            var internalIssuer = context.SecurityToken.Issuer == auth.Issuer;
            if (signedInternally != internalIssuer) context.Fail("The token's issuer does not match its signing key.");
            return Task.CompletedTask;
        };
    }
}
