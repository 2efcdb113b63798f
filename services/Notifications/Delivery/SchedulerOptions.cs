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

    /// <summary>
    /// Agencies with due reminders read per query; a round goes through all of them, page by page. It bounds no
    /// digest: an agency's due reminders always go together, however many there are.
    /// </summary>
    [Range(1, 10000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Agencies served at once, each with its own connection and transactions. A few more than the mail server
    /// connections (<c>Notifications:Email:MaxConnections</c>) keep those busy while other agencies read and write
    /// the database; each takes a connection from the service's PostgreSQL pool.
    /// </summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;
}
