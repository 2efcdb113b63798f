using System.Security.Claims;

namespace DxTrack.ServiceDefaults.Security;

/// <summary>Who is calling, as the token says.</summary>
public sealed record CurrentUser(string Subject, string Role, string? AgencyCode, string? Name)
{
    public bool IsAdmin => Role == DxRoles.Admin;
    public bool IsSecretariat => Role is DxRoles.Secretariat or DxRoles.Admin;
    public bool IsReporter => Role == DxRoles.Reporter;

    /// <summary>Whether the caller may act for (read or write the data of) the agency.</summary>
    public bool MayActFor(string agencyCode) =>
        IsSecretariat || (IsReporter && string.Equals(AgencyCode, agencyCode, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the caller may read the agency's data.</summary>
    public bool MayRead(string agencyCode) => !IsReporter || MayActFor(agencyCode);

    public static CurrentUser From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(DxClaims.Subject) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous",
        principal.FindFirstValue(DxClaims.Role) ?? principal.FindFirstValue(ClaimTypes.Role) ?? "",
        principal.FindFirstValue(DxClaims.Agency),
        principal.FindFirstValue(DxClaims.Name));
}
