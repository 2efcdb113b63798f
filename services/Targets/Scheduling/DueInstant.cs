namespace DxTrack.Targets.Scheduling;

/// <summary>
/// A deadline: the end of a due day in Asia/Ho_Chi_Minh, kept as a UTC instant. The last microsecond of the
/// day is used (23:59:59.999999 local) because PostgreSQL stores microseconds, so the instant survives a round
/// trip through the database unchanged.
/// </summary>
public readonly record struct DueInstant
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    DueInstant(DateOnly localDate, DateTimeOffset utc)
    {
        LocalDate = localDate;
        Utc = utc;
    }

    /// <summary>The due day as the agency reads it.</summary>
    public DateOnly LocalDate { get; }

    /// <summary>The deadline as an instant (offset zero).</summary>
    public DateTimeOffset Utc { get; }

    public static DueInstant EndOf(DateOnly localDate)
    {
        var nextMidnight = localDate.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var offset = Zone.GetUtcOffset(nextMidnight);
        var utc = new DateTimeOffset(nextMidnight, offset).ToUniversalTime().AddTicks(-TimeSpan.TicksPerMicrosecond);
        return new DueInstant(localDate, utc);
    }

    /// <summary>The due day of a stored deadline.</summary>
    public static DueInstant FromUtc(DateTimeOffset utc) =>
        EndOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, Zone).DateTime));

    /// <summary>A period's deadline: <paramref name="offsetDays"/> days after the period's last day.</summary>
    public static DueInstant After(Period period, int offsetDays) => EndOf(period.End.AddDays(offsetDays));

    public bool IsPassed(TimeProvider clock) => clock.GetUtcNow() > Utc;

    public override string ToString() => $"{LocalDate:yyyy-MM-dd} 23:59:59 (Asia/Ho_Chi_Minh) = {Utc:O}";
}
