using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DxTrack.Gateway.ApiKeys;

public static class ApiKeyRegistration
{
    /// <summary>The scheme the gateway authenticates with: an API key when one is presented, a bearer token otherwise.</summary>
    public const string GatewayScheme = "Gateway";

    public static IHostApplicationBuilder AddApiKeys(this IHostApplicationBuilder builder)
    {
        builder.BindValidated<ApiKeyOptions>(ApiKeyOptions.Section);
        var auth = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(auth.SigningKey) || auth.SigningKey.Length < 32)
            throw new InvalidOperationException(
                "The gateway needs Auth:SigningKey (at least 32 characters): it signs the internal tokens that replace API keys.");

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new DevTokenIssuer(auth, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<InternalTokens>();

        // Added on top of AddDxAuthentication's bearer scheme, which stays as it is for token callers.
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = GatewayScheme;
                o.DefaultChallengeScheme = GatewayScheme;
                o.DefaultForbidScheme = GatewayScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(GatewayScheme, "API key or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme);
        return builder;
    }
}
