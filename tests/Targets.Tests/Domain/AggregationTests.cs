using DxTrack.Contracts;
using DxTrack.Targets.Indicators;

namespace DxTrack.Targets.Tests.Domain;

public sealed class AggregationTests
{
    [Fact]
    public void A_ratio_is_the_sum_of_numerators_over_the_sum_of_denominators_not_the_mean_of_ratios()
    {
        var value = ProvinceValue.Aggregate("2023-Q2", Measure.Ratio,
            [new IndicatorValue(Numerator: 9, Denominator: 10), new IndicatorValue(Numerator: 1, Denominator: 90)], expected: 2);
        Assert.Equal(10m, value.Value); // 10 / 100, not (90% + 1.1%) / 2
        Assert.Equal(10m, value.Numerator);
        Assert.Equal(100m, value.Denominator);
        Assert.True(value.Complete);
    }

    [Fact]
    public void A_percent_is_the_mean_and_a_count_is_the_sum()
    {
        Assert.Equal(70m, ProvinceValue.Aggregate("2023", Measure.Percent,
            [new IndicatorValue(Percent: 60), new IndicatorValue(Percent: 80)], 2).Value);
        Assert.Equal(12m, ProvinceValue.Aggregate("2023", Measure.Count,
            [new IndicatorValue(Count: 5), new IndicatorValue(Count: 7)], 2).Value);
    }

    [Fact]
    public void A_milestone_is_done_only_when_every_expected_agency_reports_done()
    {
        Assert.True(ProvinceValue.Aggregate("2023", Measure.Milestone, [new IndicatorValue(Done: true), new IndicatorValue(Done: true)], 2).AllDone);
        Assert.False(ProvinceValue.Aggregate("2023", Measure.Milestone, [new IndicatorValue(Done: true), new IndicatorValue(Done: false)], 2).AllDone);
        Assert.False(ProvinceValue.Aggregate("2023", Measure.Milestone, [new IndicatorValue(Done: true)], 2).AllDone);
    }

    [Fact]
    public void A_figure_from_3_of_120_communes_says_so()
    {
        var values = Enumerable.Range(0, 3).Select(_ => new IndicatorValue(Numerator: 10, Denominator: 10)).ToList();
        var value = ProvinceValue.Aggregate("2023-Q2", Measure.Ratio, values, expected: 120);
        Assert.Equal(100m, value.Value);
        Assert.Equal(3, value.Reported);
        Assert.Equal(120, value.Expected);
        Assert.Equal(0.025m, value.ReportingShare);
        Assert.False(value.Complete);
    }

    [Fact]
    public void No_reports_means_no_value()
    {
        var value = ProvinceValue.Aggregate("2023-Q2", Measure.Ratio, [], expected: 5);
        Assert.Null(value.Value);
        Assert.Equal(0m, value.ReportingShare);
    }
}
