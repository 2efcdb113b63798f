using System.ComponentModel.DataAnnotations;

namespace DxTrack.Notifications.Reminders;

/// <summary>When reminders go out and by which channel. Section <c>Notifications:Policy</c>.</summary>
public sealed class ReminderPolicyOptions : IValidatableObject
{
    public const string Section = "Notifications:Policy";

    /// <summary>Days before the due day on which a reminder is sent (default 7, 3, 1).</summary>
    public List<int> BeforeDueDays { get; set; } = [7, 3, 1];

    /// <summary>Whether a reminder is sent on the due day itself.</summary>
    public bool OnDueDay { get; set; } = true;

    /// <summary>Days after the due day on which an overdue reminder is sent (default 1, 3, 7).</summary>
    public List<int> OverdueDays { get; set; } = [1, 3, 7];

    /// <summary>
    /// 1-based overdue step from which the agency head and the secretariat are added (default 2: the
    /// second overdue reminder). Set above the number of overdue steps to never escalate.
    /// </summary>
    [Range(1, 100)]
    public int EscalateFromOverdueStep { get; set; } = 2;

    /// <summary>Local time of day (in <see cref="TimeZone"/>) at which a step's reminders are sent.</summary>
    public TimeOnly SendTime { get; set; } = new(8, 0);

    /// <summary>IANA time zone of due days, send time and quiet hours.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";

    /// <summary>
    /// Steps that also go by SMS (codes such as <c>before-1d</c>, <c>due-day</c>, <c>overdue-3d</c>).
    /// Empty means the default: the last before-due step and every overdue step.
    /// </summary>
    public List<string> SmsSteps { get; set; } = [];

    /// <summary>Start of the nightly SMS quiet period (local time).</summary>
    public TimeOnly SmsQuietFrom { get; set; } = new(21, 0);

    /// <summary>End of the nightly SMS quiet period; a deferred SMS goes out at this time of the next allowed day.</summary>
    public TimeOnly SmsQuietUntil { get; set; } = new(7, 0);

    /// <summary>No SMS on Saturdays and Sundays.</summary>
    public bool SmsQuietOnWeekends { get; set; } = true;

    /// <summary>Public holidays (local dates) on which no SMS is sent, e.g. <c>2026-09-02</c>.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>Attempts per reminder before it is marked Failed.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait after the first failed attempt; doubled after each further failure.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait between attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (BeforeDueDays.Any(d => d < 1 || d > 365))
            yield return new ValidationResult("Each before-due day must be between 1 and 365.", [nameof(BeforeDueDays)]);
        if (OverdueDays.Any(d => d < 1 || d > 365))
            yield return new ValidationResult("Each overdue day must be between 1 and 365.", [nameof(OverdueDays)]);
        if (BeforeDueDays.Distinct().Count() != BeforeDueDays.Count || OverdueDays.Distinct().Count() != OverdueDays.Count)
            yield return new ValidationResult("Step days must not repeat.", [nameof(BeforeDueDays), nameof(OverdueDays)]);
        if (!System.TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            yield return new ValidationResult($"Unknown time zone '{TimeZone}'.", [nameof(TimeZone)]);
        foreach (var code in SmsSteps)
        {
            ReminderStep step;
            try { step = ReminderStep.Parse(code); }
            catch (FormatException) { step = ReminderStep.Returned(0); }
            if (step.Kind == StepKind.Returned)
                yield return new ValidationResult($"'{code}' is not a policy step (before-Nd, due-day, overdue-Nd).", [nameof(SmsSteps)]);
        }
        if (MaxRetryDelay < RetryDelay)
            yield return new ValidationResult("MaxRetryDelay must not be shorter than RetryDelay.", [nameof(MaxRetryDelay)]);
    }
}
