using DxTrack.Targets.Scheduling;

namespace DxTrack.Targets.Tests.Domain;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2023", "2023-01-01", "2023-12-31")]
    [InlineData("2023-H1", "2023-01-01", "2023-06-30")]
    [InlineData("2023-H2", "2023-07-01", "2023-12-31")]
    [InlineData("2023-Q1", "2023-01-01", "2023-03-31")]
    [InlineData("2026-Q4", "2026-10-01", "2026-12-31")]
    [InlineData("2023-M04", "2023-04-01", "2023-04-30")]
    [InlineData("2024-M02", "2024-02-01", "2024-02-29")]
    [InlineData("2023-M02", "2023-02-01", "2023-02-28")]
    [InlineData("2100-M02", "2100-02-01", "2100-02-28")]
    public void A_period_key_names_its_first_and_last_day_including_leap_years(string key, string start, string end)
    {
        var period = Period.Parse(key);
        Assert.Equal(DateOnly.Parse(start), period.Start);
        Assert.Equal(DateOnly.Parse(end), period.End);
        Assert.Equal(key, period.Key);
    }

    [Theory]
    [InlineData("2023-Q5")]
    [InlineData("2023-Q0")]
    [InlineData("2023-M13")]
    [InlineData("2023-M4")]
    [InlineData("2023-H3")]
    [InlineData("1999")]
    [InlineData("23-Q1")]
    [InlineData("2023Q1")]
    [InlineData("2023-X1")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_period_keys_are_refused(string? key) => Assert.False(Period.TryParse(key, out _));

    [Fact]
    public void Keys_are_read_case_insensitively() => Assert.Equal("2023-Q2", Period.Parse("2023-q2").Key);

    [Fact]
    public void The_period_after_the_last_of_a_year_is_the_first_of_the_next()
    {
        Assert.Equal("2024-Q1", Period.Parse("2023-Q4").Next().Key);
        Assert.Equal("2024-M01", Period.Parse("2023-M12").Next().Key);
        Assert.Equal("2024-H1", Period.Parse("2023-H2").Next().Key);
        Assert.Equal("2024", Period.Parse("2023").Next().Key);
    }

    [Fact]
    public void A_span_starting_mid_quarter_starts_with_the_first_whole_quarter()
    {
        var quarters = Period.Within(ReportingFrequency.Quarterly, new DateOnly(2023, 3, 7), new DateOnly(2023, 12, 31)).Select(p => p.Key);
        Assert.Equal(["2023-Q2", "2023-Q3", "2023-Q4"], quarters);
    }

    [Fact]
    public void A_span_is_clipped_at_both_ends_to_whole_periods()
    {
        var months = Period.Within(ReportingFrequency.Monthly, new DateOnly(2024, 1, 15), new DateOnly(2024, 4, 29)).Select(p => p.Key);
        Assert.Equal(["2024-M02", "2024-M03"], months);
        Assert.Empty(Period.Within(ReportingFrequency.Annual, new DateOnly(2023, 7, 1), new DateOnly(2023, 12, 31)));
    }

    [Fact]
    public void A_multi_year_span_has_one_period_per_year_or_half()
    {
        Assert.Equal(4, Period.Within(ReportingFrequency.Annual, new DateOnly(2022, 1, 1), new DateOnly(2025, 12, 31)).Count());
        Assert.Equal(8, Period.Within(ReportingFrequency.HalfYear, new DateOnly(2022, 1, 1), new DateOnly(2025, 12, 31)).Count());
        Assert.Equal(48, Period.Within(ReportingFrequency.Monthly, new DateOnly(2022, 1, 1), new DateOnly(2025, 12, 31)).Count());
    }

    [Theory]
    [InlineData(ReportingFrequency.Monthly, "2100-M12")]
    [InlineData(ReportingFrequency.Quarterly, "2100-Q4")]
    [InlineData(ReportingFrequency.HalfYear, "2100-H2")]
    [InlineData(ReportingFrequency.Annual, "2100")]
    public void A_span_ending_with_the_last_supported_year_ends_with_its_last_period(ReportingFrequency frequency, string last)
    {
        var periods = Period.Within(frequency, new DateOnly(2100, 1, 1), new DateOnly(2100, 12, 31)).ToList();
        Assert.Equal(Period.PeriodsPerYear(frequency), periods.Count);
        Assert.Equal(last, periods[^1].Key);
        Assert.False(periods[^1].TryNext(out _));
    }

    [Theory]
    [InlineData("1999-12-31", false)]
    [InlineData("2000-01-01", true)]
    [InlineData("2100-12-31", true)]
    [InlineData("2101-01-01", false)]
    [InlineData("9999-12-31", false)]
    public void Only_dates_in_the_supported_years_make_periods(string date, bool supported) =>
        Assert.Equal(supported, Period.Supports(DateOnly.Parse(date)));

    [Theory]
    [InlineData("2023-02-28", ReportingFrequency.Quarterly, "2023-Q1")]
    [InlineData("2024-02-29", ReportingFrequency.Monthly, "2024-M02")]
    [InlineData("2023-07-01", ReportingFrequency.HalfYear, "2023-H2")]
    [InlineData("2023-06-30", ReportingFrequency.HalfYear, "2023-H1")]
    public void The_period_containing_a_date(string date, ReportingFrequency frequency, string key) =>
        Assert.Equal(key, Period.Containing(DateOnly.Parse(date), frequency).Key);
}
