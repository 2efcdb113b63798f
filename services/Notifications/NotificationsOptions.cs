using System.ComponentModel.DataAnnotations;

namespace DxTrack.Notifications;

/// <summary>Service-wide settings. Section <c>Notifications</c>.</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    /// <summary>The secretariat's mailbox, copied on escalated overdue reminders; none when empty.</summary>
    [EmailAddress]
    public string? SecretariatEmail { get; set; }
}
