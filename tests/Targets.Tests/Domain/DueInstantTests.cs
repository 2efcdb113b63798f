using DxTrack.Targets.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace DxTrack.Targets.Tests.Domain;

public sealed class DueInstantTests
{
    [Fact]
    public void A_due_day_ends_at_the_last_microsecond_of_the_day_in_Hanoi_which_is_1659_UTC()
    {
        var due = DueInstant.EndOf(new DateOnly(2023, 4, 30));
        Assert.Equal(new DateTimeOffset(2023, 4, 30, 16, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), due.Utc);
        Assert.Equal(TimeSpan.Zero, due.Utc.Offset);
        Assert.Equal(new DateOnly(2023, 4, 30), due.LocalDate);
    }

    [Fact]
    public void A_period_deadline_counts_its_offset_from_the_periods_last_day_across_a_leap_day()
    {
        var due = DueInstant.After(Period.Parse("2024-M01"), 29);
        Assert.Equal(new DateOnly(2024, 2, 29), due.LocalDate);
        Assert.Equal(new DateOnly(2024, 1, 15), DueInstant.After(Period.Parse("2023-Q4"), 15).LocalDate);
    }

    [Fact]
    public void A_report_at_2359_local_time_on_the_due_day_is_on_time_and_one_at_midnight_is_late()
    {
        var due = DueInstant.EndOf(new DateOnly(2023, 4, 30));
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 4, 30, 23, 59, 59, TimeSpan.FromHours(7)));
        Assert.False(due.IsPassed(clock));
        clock.SetUtcNow(new DateTimeOffset(2023, 5, 1, 0, 0, 0, TimeSpan.FromHours(7)));
        Assert.True(due.IsPassed(clock));
    }

    [Fact]
    public void A_stored_instant_reads_back_as_the_same_due_day()
    {
        var due = DueInstant.EndOf(new DateOnly(2026, 12, 31));
        Assert.Equal(due, DueInstant.FromUtc(due.Utc));
        Assert.Equal(0, due.Utc.Ticks % 10); // whole microseconds: PostgreSQL keeps it exactly
    }
}
