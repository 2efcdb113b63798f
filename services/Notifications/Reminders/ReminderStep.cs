using System.Globalization;

namespace DxTrack.Notifications.Reminders;

/// <summary>
/// One step of the reminder policy, e.g. 3 days before due (<c>before-3d</c>), the due day
/// (<c>due-day</c>), 1 day overdue (<c>overdue-1d</c>), or a return notice for a revision (<c>returned-r2</c>).
/// </summary>
public readonly record struct ReminderStep(StepKind Kind, int Days)
{
    public static ReminderStep Before(int days) => new(StepKind.BeforeDue, days);
    public static readonly ReminderStep DueDay = new(StepKind.DueDay, 0);
    public static ReminderStep Overdue(int days) => new(StepKind.Overdue, days);
    public static ReminderStep Returned(int revision) => new(StepKind.Returned, revision);

    /// <summary>Before-due and due-day steps mean nothing once the deadline has passed.</summary>
    public bool CountsDown => Kind is StepKind.BeforeDue or StepKind.DueDay;

    public string Code => Kind switch
    {
        StepKind.BeforeDue => $"before-{Days}d",
        StepKind.DueDay => "due-day",
        StepKind.Overdue => $"overdue-{Days}d",
        _ => $"returned-r{Days}",
    };

    public override string ToString() => Code;

    public static ReminderStep Parse(string code)
    {
        if (code == "due-day") return DueDay;
        if (code.StartsWith("before-") && code.EndsWith('d')) return Before(Number(code[7..^1]));
        if (code.StartsWith("overdue-") && code.EndsWith('d')) return Overdue(Number(code[8..^1]));
        if (code.StartsWith("returned-r")) return Returned(Number(code[10..]));
        throw new FormatException($"'{code}' is not a reminder step.");
    }

    static int Number(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
}
