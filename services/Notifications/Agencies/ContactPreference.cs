using DxTrack.Messaging.Audit;

namespace DxTrack.Notifications.Agencies;

/// <summary>
/// A delivery preference set in this service, keyed by agency and address (an e-mail address, a phone
/// number, or <see cref="AgencyWide"/>), so it survives the agency's contact list being replaced.
/// </summary>
public sealed class ContactPreference : IAudited
{
    /// <summary>Address of the agency-level preference, which applies to every contact.</summary>
    public const string AgencyWide = "*";

    ContactPreference() { }

    public ContactPreference(string agencyCode, string address)
    {
        AgencyCode = agencyCode;
        Address = Normalize(address);
    }

    public string AgencyCode { get; private set; } = "";
    public string Address { get; private set; } = "";
    public bool SmsOptOut { get; private set; }

    /// <summary><c>vi</c> or <c>en</c>; null means "as the agency, else Vietnamese".</summary>
    public string? Language { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Change(bool? smsOptOut, string? language, DateTimeOffset at)
    {
        if (smsOptOut is not null) SmsOptOut = smsOptOut.Value;
        if (language is not null) Language = language;
        UpdatedAt = at;
    }

    /// <summary>E-mail addresses compare case-insensitively, phone numbers by their digits.</summary>
    public static string Normalize(string address)
    {
        var trimmed = address.Trim();
        if (trimmed == AgencyWide || trimmed.Contains('@')) return trimmed.ToLowerInvariant();
        return new string(trimmed.Where(ch => ch == '+' || char.IsDigit(ch)).ToArray());
    }
}
