using System.ComponentModel.DataAnnotations;

namespace DxTrack.Notifications.Delivery;

/// <summary>The reminder scheduler. Section <c>Notifications:Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Notifications:Scheduler";

    /// <summary>Whether this instance sends reminders (any number of instances may; each reminder goes once).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often due reminders are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Reminders claimed per round; a digest is built from what one round claims.</summary>
    [Range(1, 10000)]
    public int BatchSize { get; set; } = 500;
}
