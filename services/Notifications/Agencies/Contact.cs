namespace DxTrack.Notifications.Agencies;

/// <summary>A person at an agency who receives reminders, as the agency's last event listed them.</summary>
public sealed class Contact(string agencyCode, int ordinal, string name, string? email, string? phone, bool isHead, bool smsOptOut)
{
    /// <summary>Surrogate key: the list is replaced as a whole, so rows are deleted and inserted, never matched.</summary>
    public Guid Id { get; private set; } = Guid.NewGuid();

    public string AgencyCode { get; private set; } = agencyCode;

    /// <summary>Position in the agency's list; the list is replaced as a whole on every change.</summary>
    public int Ordinal { get; private set; } = ordinal;

    public string Name { get; private set; } = name;
    public string? Email { get; private set; } = email;
    public string? Phone { get; private set; } = phone;
    public bool IsHead { get; private set; } = isHead;

    /// <summary>Opt-out carried by the agency's own record (the contact may also opt out here).</summary>
    public bool SmsOptOut { get; private set; } = smsOptOut;
}
