using System.Text.RegularExpressions;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DxTrack.Gateway.DevTokens;

public static partial class DevTokenEndpoints
{
    public static IHostApplicationBuilder AddDevIssuer(this IHostApplicationBuilder builder)
    {
        builder.BindValidated<DevIssuerOptions>(DevIssuerOptions.Section);
        return builder;
    }

    /// <summary>Maps <c>POST /dev/token</c> when the development issuer is enabled; otherwise the route does not exist.</summary>
    public static void MapDevTokens(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DevIssuerOptions>>().Value;
        if (!options.Enabled) return;
        app.Logger.LogWarning("The development token issuer is enabled at /dev/token: anyone who reaches it gets any role");
        app.MapPost("/dev/token", Issue).AllowAnonymous().WithTags("Development").ExcludeFromDescription();
    }

    static Results<Ok<DevToken>, ValidationProblem> Issue(
        DevTokenRequest request, DevTokenIssuer issuer, IOptions<DevIssuerOptions> options, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        var role = request.Role?.Trim().ToLowerInvariant();
        if (role is null || !DxRoles.All.Contains(role))
            errors["role"] = [$"Required, one of: {string.Join(", ", DxRoles.All)}."];
        if (role == DxRoles.Reporter && string.IsNullOrWhiteSpace(request.Agency))
            errors["agency"] = ["A reporter acts for one agency: give its code, e.g. STTTT."];
        else if (request.Agency is not null && !CodePattern().IsMatch(request.Agency))
            errors["agency"] = ["An agency code: letters, digits, '.', '_' or '-' (at most 50)."];
        if (request.Subject is not null && !CodePattern().IsMatch(request.Subject.Replace(':', '-').Replace('@', '-')))
            errors["subject"] = ["Letters, digits and '.', '_', '-', ':', '@' (at most 50)."];
        var max = options.Value.MaxLifetimeMinutes;
        if (request.LifetimeMinutes is { } minutes && (minutes < 1 || minutes > max))
            errors["lifetimeMinutes"] = [$"Between 1 and {max}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var agency = request.Agency;
        var subject = request.Subject ?? (agency is null ? $"dev-{role}" : $"dev-{role}-{agency}");
        var lifetime = TimeSpan.FromMinutes(request.LifetimeMinutes ?? Math.Min(480, max));
        var expiresAt = clock.GetUtcNow() + lifetime;
        var token = issuer.Issue(role!, agency, subject, lifetime, subject);
        return TypedResults.Ok(new DevToken(token, expiresAt, subject, role!, agency));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")]
    private static partial Regex CodePattern();
}
