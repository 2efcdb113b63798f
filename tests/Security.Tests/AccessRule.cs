using DxTrack.ServiceDefaults.Security;

namespace DxTrack.Security.Tests;

/// <summary>Whether a route belongs to an agency named in its path (<c>{agency}</c>).</summary>
public enum AgencyScope
{
    /// <summary>The route names no agency; a reporter is limited by the data itself.</summary>
    None,

    /// <summary>The path names the agency: a reporter of another agency must get 403 or 404.</summary>
    Path,
}

/// <summary>
/// One endpoint and the policy that guards it. <c>{id}</c> in the path becomes a fresh id,
/// <c>{agency}</c> the reporter's own or another agency's code.
/// </summary>
public sealed record AccessRule(string Service, string Method, string Path, string Policy, AgencyScope Scope = AgencyScope.None)
{
    /// <summary>Roles a policy lets through (before the endpoint's own agency checks).</summary>
    public static IReadOnlyList<string> RolesOf(string policy) => policy switch
    {
        DxPolicies.Admin => [DxRoles.Admin],
        DxPolicies.Secretariat => [DxRoles.Admin, DxRoles.Secretariat],
        DxPolicies.Reporter => [DxRoles.Admin, DxRoles.Secretariat, DxRoles.Reporter],
        DxPolicies.Reader => DxRoles.All,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    public string Key => $"{Method} {Path}";
}
