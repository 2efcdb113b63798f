using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DxTrack.Targets.Scheduling;

/// <summary>
/// A reporting period: a month (<c>2023-M04</c>), quarter (<c>2023-Q1</c>), half-year (<c>2023-H2</c>) or
/// year (<c>2023</c>). The key is what obligations and submissions carry.
/// </summary>
public readonly record struct Period
{
    Period(int year, ReportingFrequency frequency, int index)
    {
        Year = year;
        Frequency = frequency;
        Index = index;
    }

    public int Year { get; }
    public ReportingFrequency Frequency { get; }

    /// <summary>1-based month, quarter or half within the year; 1 for a year.</summary>
    public int Index { get; }

    public const string Rule = "A period key: 2023, 2023-H1, 2023-Q3 or 2023-M04 (years 2000-2100).";

    /// <summary>The years periods, and so every date that becomes a period or a deadline, may fall in.</summary>
    public const int FirstYear = 2000, LastYear = 2100;

    public const string DateRule = "Must be between 2000-01-01 and 2100-12-31.";

    /// <summary>Whether a date falls in the supported years, so the periods and deadlines made from it exist.</summary>
    public static bool Supports(DateOnly date) => date.Year is >= FirstYear and <= LastYear;

    public static Period Of(int year, ReportingFrequency frequency, int index)
    {
        var max = PeriodsPerYear(frequency);
        if (year is < FirstYear or > LastYear) throw new ArgumentOutOfRangeException(nameof(year), year, Rule);
        if (index < 1 || index > max) throw new ArgumentOutOfRangeException(nameof(index), index, Rule);
        return new Period(year, frequency, index);
    }

    /// <summary>The period of the given frequency that contains <paramref name="date"/>.</summary>
    public static Period Containing(DateOnly date, ReportingFrequency frequency) => frequency switch
    {
        ReportingFrequency.Monthly => Of(date.Year, frequency, date.Month),
        ReportingFrequency.Quarterly => Of(date.Year, frequency, (date.Month - 1) / 3 + 1),
        ReportingFrequency.HalfYear => Of(date.Year, frequency, (date.Month - 1) / 6 + 1),
        _ => Of(date.Year, frequency, 1),
    };

    public static int PeriodsPerYear(ReportingFrequency frequency) => frequency switch
    {
        ReportingFrequency.Monthly => 12,
        ReportingFrequency.Quarterly => 4,
        ReportingFrequency.HalfYear => 2,
        _ => 1,
    };

    int MonthsLong => 12 / PeriodsPerYear(Frequency);

    /// <summary>First day of the period.</summary>
    public DateOnly Start => new(Year, (Index - 1) * MonthsLong + 1, 1);

    /// <summary>Last day of the period (leap years included).</summary>
    public DateOnly End => Start.AddMonths(MonthsLong).AddDays(-1);

    public Period Next() => Index == PeriodsPerYear(Frequency)
        ? Of(Year + 1, Frequency, 1)
        : Of(Year, Frequency, Index + 1);

    /// <summary>The period after this one, unless this is the last of <see cref="LastYear"/>.</summary>
    public bool TryNext(out Period next)
    {
        next = default;
        if (Year == LastYear && Index == PeriodsPerYear(Frequency)) return false;
        next = Next();
        return true;
    }

    /// <summary>
    /// Every whole period of <paramref name="frequency"/> that lies inside <paramref name="from"/>..<paramref name="to"/>:
    /// a span starting mid-period starts with the next whole period, and one ending mid-period stops before it.
    /// </summary>
    public static IEnumerable<Period> Within(ReportingFrequency frequency, DateOnly from, DateOnly to)
    {
        var p = Containing(from, frequency);
        while (p.Start <= to)
        {
            if (p.Start >= from && p.End <= to) yield return p;
            // A span ending in the last supported year stops there rather than asking for a period after it.
            if (!p.TryNext(out var next)) yield break;
            p = next;
        }
    }

    public string Key => Frequency switch
    {
        ReportingFrequency.Monthly => $"{Year}-M{Index:00}",
        ReportingFrequency.Quarterly => $"{Year}-Q{Index}",
        ReportingFrequency.HalfYear => $"{Year}-H{Index}",
        _ => Year.ToString(CultureInfo.InvariantCulture),
    };

    public override string ToString() => Key;

    public static bool TryParse([NotNullWhen(true)] string? key, out Period period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(key)) return false;
        key = key.Trim().ToUpperInvariant();
        if (key.Length < 4 || !int.TryParse(key.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return false;
        if (year is < FirstYear or > LastYear) return false;
        if (key.Length == 4)
        {
            period = new Period(year, ReportingFrequency.Annual, 1);
            return true;
        }
        if (key.Length < 7 || key[4] != '-') return false;
        var frequency = key[5] switch
        {
            'M' => ReportingFrequency.Monthly,
            'Q' => ReportingFrequency.Quarterly,
            'H' => ReportingFrequency.HalfYear,
            _ => (ReportingFrequency?)null,
        };
        if (frequency is null) return false;
        var digits = key[6..];
        // Months are always two digits, quarters and halves one, so each period has exactly one key.
        if (digits.Length != (frequency == ReportingFrequency.Monthly ? 2 : 1)) return false;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return false;
        if (index < 1 || index > PeriodsPerYear(frequency.Value)) return false;
        period = new Period(year, frequency.Value, index);
        return true;
    }

    public static Period Parse(string key) =>
        TryParse(key, out var period) ? period : throw new FormatException($"'{key}': {Rule}");
}
