using DxTrack.Bench.Load;
using DxTrack.Bench.Report;

namespace DxTrack.Bench.Tests;

public sealed class ReportWriterTests
{
    static BenchReport Report(params BenchFigure[] figures) => new(
        new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 6, 15, 30, TimeSpan.Zero),
        "full", "abc1234", new DataSetSize(10_000, 30, 12, 3_600_000),
        new MachineInfo(2, 24_105, "Debian", ".NET 10.0", 1.5, 3.25), figures, ["a note"]);

    static readonly BenchFigure Intake = new("submission intake", "accepted/s", "1,250/s", "4,000/s GET", 0.3125,
        "≥ 1,000/s", Verdict.Meets, "p99 120 ms",
        new Dictionary<string, object?> { ["steps"] = new[] { 250.0, 500.0 } });

    [Fact]
    public void Markdown_has_one_row_per_figure_with_its_verdict_ratio_and_the_machine()
    {
        var md = ReportWriter.ToMarkdown(Report(Intake,
            new BenchFigure("memory", "gateway working set", "310 MB", "120 MB just after start", 2.58, "≤ 300 MB", Verdict.Misses),
            BenchFigure.NotMeasured("outbox dispatch", "events/s", "≥ 0.5×", "the scenario failed: boom")), "# Method", "## Findings");

        Assert.StartsWith("# Method", md);
        Assert.Contains("2 cores, 24,105 MB memory", md);
        Assert.Contains("Load average (1 min) 1.5 at start, 3.25 at the end", md);
        Assert.Contains("10,000 agencies × 30 indicators × 12 months = 3,600,000 obligations", md);
        Assert.Contains("| submission intake | accepted/s | 1,250/s | 4,000/s GET | 0.31× | ≥ 1,000/s | **meets** | p99 120 ms |", md);
        Assert.Contains("| memory | gateway working set | 310 MB | 120 MB just after start | 2.58× | ≤ 300 MB | **misses** |", md);
        Assert.Contains("| outbox dispatch | events/s | — | — | — | ≥ 0.5× | not measured | the scenario failed: boom |", md);
        Assert.Contains("- a note", md);
        Assert.EndsWith("## Findings\n", md);
        Assert.Contains("Run took 15.5 min", md);
    }

    [Fact]
    public void A_pipe_or_newline_in_a_cell_cannot_break_the_table()
    {
        var md = ReportWriter.ToMarkdown(Report(Intake with { Notes = "a | b\nc" }));

        Assert.Contains("| a \\| b c |", md);
    }

    [Fact]
    public void The_json_reads_back_as_the_same_figures()
    {
        var result = new LoadResult(1000, 998.5, 15, 14_977, 3, new LatencyStats(14_977, 4, 9, 120, 480),
            new Dictionary<string, long> { ["503"] = 3 });
        var report = Report(Intake with { Raw = new Dictionary<string, object?> { ["step"] = result } });

        var json = ReportWriter.ToJson(report);
        var back = ReportWriter.FromJson(json);

        Assert.Contains("\"verdict\": \"Meets\"", json);
        Assert.Contains("\"p99\": 120", json);
        Assert.Contains("Báo", ReportWriter.ToJson(Report(Intake with { Figure = "Báo cáo" }))); // not \u-escaped
        var figure = Assert.Single(back.Figures);
        Assert.Equal(Intake.Scenario, figure.Scenario);
        Assert.Equal(Verdict.Meets, figure.Verdict);
        Assert.Equal(0.3125, figure.Ratio);
        Assert.Equal(report.DataSet, back.DataSet);
        Assert.Equal(report.Machine, back.Machine);
    }

    [Theory]
    [InlineData(1234.4, "1,234")]
    [InlineData(12.34, "12.3")]
    [InlineData(1.234, "1.23")]
    [InlineData(0, "0")]
    public void Numbers_are_printed_invariantly_with_sensible_precision(double value, string text)
    {
        Assert.Equal(text, ReportWriter.Num(value));
    }
}
