using DxTrack.AppHost.Services;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DxTrack.AppHost.Tests;

/// <summary>The dashboard's development tokens are accepted by the services' own validation.</summary>
public sealed class DevTokenCommandTests
{
    const string Key = "a-development-signing-key-of-more-than-32-bytes";

    [Fact]
    public async Task A_reporter_token_from_the_dashboard_passes_the_services_validation_with_its_claims()
    {
        var token = DevTokenCommand.Issue(Key, "reporter", "STTTT", DateTimeOffset.UtcNow);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, ServicesValidation(Key));

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("reporter", result.Claims[DxClaims.Role]);
        Assert.Equal("STTTT", result.Claims[DxClaims.Agency]);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var token = DevTokenCommand.Issue(Key + "-other", "secretariat", null, DateTimeOffset.UtcNow);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, ServicesValidation(Key));

        Assert.False(result.IsValid);
    }

    static Microsoft.IdentityModel.Tokens.TokenValidationParameters ServicesValidation(string key)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Auth:SigningKey"] = key;
        builder.AddDxAuthentication();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>()
            .Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
    }
}
