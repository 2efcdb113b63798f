namespace DxTrack.Contracts;

/// <summary>An agency was created or changed; carries its whole current state.</summary>
/// <param name="AgencyCode">Stable code, e.g. <c>STTTT</c>.</param>
/// <param name="Name">Vietnamese name.</param>
/// <param name="Kind">Level in the administration.</param>
/// <param name="ParentCode">Parent agency code, or null at the top.</param>
/// <param name="IsActive">Inactive agencies owe nothing and receive nothing.</param>
/// <param name="Contacts">Every contact, replacing the previous list.</param>
/// <param name="Version">Increases with each change, so replicas ignore stale copies.</param>
/// <param name="ChangedAt">When the change was made.</param>
public sealed record AgencyChanged(
    string AgencyCode,
    string Name,
    AgencyKind Kind,
    string? ParentCode,
    bool IsActive,
    IReadOnlyList<AgencyContact> Contacts,
    long Version,
    DateTimeOffset ChangedAt);
