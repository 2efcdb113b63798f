using DxTrack.Contracts;
using DxTrack.Messaging.Audit;

namespace DxTrack.Targets.Agencies;

/// <summary>A body of the province's administration that owes reports: the committee, a department, a commune…</summary>
public sealed class Agency : IAudited
{
    Agency() { }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public AgencyKind Kind { get; private set; }
    public string? ParentCode { get; private set; }
    public bool IsActive { get; private set; }
    public List<Contact> Contacts { get; private set; } = [];

    /// <summary>Increases with every change so replicas can drop stale copies of <see cref="AgencyChanged"/>.</summary>
    public long Version { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }

    public static Agency Create(AgencyCode code, string name, AgencyKind kind, string? parentCode,
        IEnumerable<Contact> contacts, TimeProvider clock) => new()
    {
        Id = Guid.CreateVersion7(clock.GetUtcNow()),
        Code = code.Value,
        Name = name.Trim(),
        Kind = kind,
        ParentCode = parentCode,
        IsActive = true,
        Contacts = contacts.ToList(),
        Version = 1,
        ChangedAt = clock.GetUtcNow(),
    };

    public void Update(string name, AgencyKind kind, string? parentCode, IEnumerable<Contact> contacts, TimeProvider clock)
    {
        Name = name.Trim();
        Kind = kind;
        ParentCode = parentCode;
        Contacts = contacts.ToList();
        Touch(clock);
    }

    /// <summary>An inactive agency keeps its history but is given no new obligations.</summary>
    public bool Deactivate(TimeProvider clock)
    {
        if (!IsActive) return false;
        IsActive = false;
        Touch(clock);
        return true;
    }

    void Touch(TimeProvider clock)
    {
        Version++;
        ChangedAt = clock.GetUtcNow();
    }

    /// <summary>Which kinds may be this kind's parent; <c>null</c> in the list means "may be at the top".</summary>
    public static IReadOnlyList<AgencyKind?> AllowedParents(AgencyKind kind) => kind switch
    {
        AgencyKind.Committee => [null],
        AgencyKind.Department or AgencyKind.Sector or AgencyKind.District => [null, AgencyKind.Committee],
        AgencyKind.Commune => [AgencyKind.District],
        _ => [],
    };

    public AgencyChanged ToEvent() => new(Code, Name, Kind, ParentCode, IsActive,
        Contacts.Select(c => new AgencyContact(c.Name, c.Email, c.Phone, c.IsHead, c.SmsOptOut)).ToList(),
        Version, ChangedAt);
}
