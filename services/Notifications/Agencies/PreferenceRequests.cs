namespace DxTrack.Notifications.Agencies;

/// <summary>A contact's delivery preferences, addressed by the contact's e-mail address or phone number.</summary>
public sealed record ContactPreferenceRequest(string? Address, bool? SmsOptOut, string? Language);

/// <summary>Preferences for every contact of an agency.</summary>
public sealed record AgencyPreferenceRequest(bool? SmsOptOut, string? Language);

/// <summary>A stored preference.</summary>
public sealed record PreferenceView(string AgencyCode, string Address, bool SmsOptOut, string? Language);

/// <summary>An agency's contacts as reminders will address them (preferences applied).</summary>
public sealed record AgencyContactsView(string AgencyCode, string Name, bool IsActive, long Version,
    IReadOnlyList<Reminders.ContactAddress> Contacts);
