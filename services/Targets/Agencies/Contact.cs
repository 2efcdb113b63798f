namespace DxTrack.Targets.Agencies;

/// <summary>A person at an agency who receives reminders; phone already normalised to <c>+84…</c>.</summary>
public sealed class Contact
{
    public required string Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public bool IsHead { get; set; }
    public bool SmsOptOut { get; set; }
}
