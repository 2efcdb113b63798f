using DxTrack.Contracts;

namespace DxTrack.Notifications.Agencies;

/// <summary>What this service knows of an agency: enough to address its reminders.</summary>
public sealed class AgencyReplica
{
    AgencyReplica() { }

    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public bool IsActive { get; private set; }

    /// <summary>Version of the last <see cref="AgencyChanged"/> applied; older copies are ignored.</summary>
    public long Version { get; private set; }

    public List<Contact> Contacts { get; private set; } = [];

    public static AgencyReplica From(AgencyChanged e)
    {
        var agency = new AgencyReplica { Code = e.AgencyCode };
        agency.Set(e);
        return agency;
    }

    /// <summary>Applies a newer state; returns false (changing nothing) for a stale or repeated copy.</summary>
    public bool Apply(AgencyChanged e)
    {
        if (e.Version <= Version) return false;
        Set(e);
        return true;
    }

    void Set(AgencyChanged e)
    {
        Name = e.Name;
        IsActive = e.IsActive;
        Version = e.Version;
        Contacts.Clear();
        var ordinal = 0;
        foreach (var c in e.Contacts)
            Contacts.Add(new Contact(Code, ++ordinal, c.Name, Clean(c.Email), Clean(c.Phone), c.IsHead, c.SmsOptOut));
    }

    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
