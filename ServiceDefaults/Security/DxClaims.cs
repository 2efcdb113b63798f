namespace DxTrack.ServiceDefaults.Security;

/// <summary>Claims DxTrack reads from a caller's token.</summary>
public static class DxClaims
{
    /// <summary>One of <see cref="DxRoles"/>.</summary>
    public const string Role = "role";

    /// <summary>The agency a reporter acts for, e.g. <c>STTTT</c>.</summary>
    public const string Agency = "agency";

    /// <summary>The caller's stable id.</summary>
    public const string Subject = "sub";

    /// <summary>Display name, for the audit trail.</summary>
    public const string Name = "name";
}
