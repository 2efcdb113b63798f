using DxTrack.ServiceDefaults.Security;

namespace DxTrack.Security.Tests;

/// <summary>Whether a route belongs to an agency named in its path (<c>{agency}</c>).</summary>
public enum AgencyScope
{
    /// <summary>The route names no agency; a reporter is limited by the data itself.</summary>
    None,

    /// <summary>The path names the agency: a reporter of another agency must get 403 or 404.</summary>
    Path,

    /// <summary>
    /// An <c>?agency=</c> filter over agencies' own data: a reporter naming another agency must get 403, not an
    /// empty or unfiltered answer. (Filters over the plan — indicators, tasks — are not: every role reads the plan.)
    /// </summary>
    Query,
}

/// <summary>
/// One endpoint and the policy that guards it. <c>{id}</c> in the path becomes a fresh id,
/// <c>{agency}</c> (in the path, or <c>?agency=</c> for <see cref="AgencyScope.Query"/>) the reporter's own or
/// another agency's code. Ids of real records of two agencies are in <c>AgencyIsolationTests</c>.
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
