using System.ComponentModel.DataAnnotations;

namespace DxTrack.Notifications;

/// <summary>Service-wide settings. Section <c>Notifications</c>.</summary>
public sealed class NotificationsOptions : IValidatableObject
{
    public const string Section = "Notifications";

    /// <summary>
    /// The secretariat's mailbox, copied on escalated overdue reminders. Unset or empty: escalations reach the agencies'
    /// contacts only, and the service says so in a warning at start.
    /// </summary>
    public string? SecretariatEmail { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!string.IsNullOrWhiteSpace(SecretariatEmail) && !new EmailAddressAttribute().IsValid(SecretariatEmail.Trim()))
            yield return new ValidationResult($"'{SecretariatEmail}' is not an e-mail address.", [nameof(SecretariatEmail)]);
    }
}
