using Microsoft.Extensions.Options;

namespace DxTrack.Submissions;

/// <summary>Days as the province counts them: deadlines end at the end of a local day.</summary>
public sealed class ProvinceCalendar(IOptions<SubmissionsOptions> options, TimeProvider clock)
{
    readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public TimeProvider Clock => clock;

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, _zone).DateTime);

    /// <summary>The last instant of the local day <paramref name="days"/> days from today.</summary>
    public DateTimeOffset EndOfDayIn(int days)
    {
        var day = Today.AddDays(days + 1).ToDateTime(TimeOnly.MinValue);
        var offset = _zone.GetUtcOffset(day);
        return new DateTimeOffset(day, offset).AddTicks(-1).ToUniversalTime();
    }
}
