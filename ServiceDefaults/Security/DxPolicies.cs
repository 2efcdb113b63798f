namespace DxTrack.ServiceDefaults.Security;

/// <summary>Authorization policies every service registers with <see cref="SecurityExtensions.AddDxAuthentication{TBuilder}"/>.</summary>
public static class DxPolicies
{
    /// <summary>Admin only.</summary>
    public const string Admin = "dx-admin";

    /// <summary>Admin or secretariat: changes to the plan, reviews.</summary>
    public const string Secretariat = "dx-secretariat";

    /// <summary>Reporter (for its own agency), or secretariat/admin acting for any agency.</summary>
    public const string Reporter = "dx-reporter";

    /// <summary>Any authenticated DxTrack role: reads. Reporters are further limited to their agency by the endpoint.</summary>
    public const string Reader = "dx-reader";
}
