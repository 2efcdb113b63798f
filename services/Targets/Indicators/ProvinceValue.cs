using DxTrack.Contracts;

namespace DxTrack.Targets.Indicators;

/// <summary>
/// The province's figure for an indicator and period, aggregated from the agencies' accepted values, with how many
/// of the agencies that owed a value have reported — so a figure from 3 of 120 communes is read for what it is.
/// </summary>
public sealed record ProvinceValue(
    string Period,
    Measure Measure,
    decimal? Value,
    decimal? Numerator,
    decimal? Denominator,
    bool? AllDone,
    int Reported,
    int Expected,
    decimal ReportingShare,
    bool Complete)
{
    /// <summary>
    /// Ratio: Σnumerator / Σdenominator (as a percentage); Percent: the mean; Count: the sum; Milestone: done only when
    /// every expected agency reported done. <paramref name="values"/> are those of agencies that owe the period
    /// (<see cref="Data.TargetsDb.CountedValues"/>), so the share never counts an agency that no longer owes it.
    /// </summary>
    public static ProvinceValue Aggregate(string period, Measure measure, IReadOnlyCollection<IndicatorValue> values, int expected)
    {
        var reported = values.Count;
        var share = expected == 0 ? 0m : Math.Round((decimal)Math.Min(reported, expected) / expected, 4);
        decimal? value = null, numerator = null, denominator = null;
        bool? allDone = null;
        switch (measure)
        {
            case Measure.Ratio:
                numerator = values.Sum(v => v.Numerator ?? 0);
                denominator = values.Sum(v => v.Denominator ?? 0);
                value = denominator > 0 ? Math.Round(numerator.Value / denominator.Value * 100, 2) : null;
                break;
            case Measure.Percent:
                var percents = values.Where(v => v.Percent is not null).Select(v => v.Percent!.Value).ToList();
                value = percents.Count > 0 ? Math.Round(percents.Average(), 2) : null;
                break;
            case Measure.Count:
                value = reported > 0 ? values.Sum(v => v.Count ?? 0) : null;
                break;
            case Measure.Milestone:
                allDone = reported > 0 && reported >= expected && values.All(v => v.Done == true);
                value = allDone.Value ? 1 : 0;
                break;
        }
        return new ProvinceValue(period, measure, value, numerator, denominator, allDone, reported, expected, share,
            expected > 0 && reported >= expected);
    }
}
