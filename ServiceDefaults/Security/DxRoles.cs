namespace DxTrack.ServiceDefaults.Security;

/// <summary>The four roles of DxTrack.</summary>
public static class DxRoles
{
    /// <summary>Operators: everything, including the audit trail and API keys.</summary>
    public const string Admin = "admin";

    /// <summary>The Department of Information and Communications: plans, targets, reviews.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>Agency staff or systems: read and report for their own agency only.</summary>
    public const string Reporter = "reporter";

    /// <summary>Steering Committee members: the dashboard and every read.</summary>
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Secretariat, Reporter, Viewer];
}
