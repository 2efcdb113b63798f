using DxTrack.Bench.Report;
using DxTrack.Bench.Scenarios;

namespace DxTrack.Bench.Tests;

/// <summary>The memory rows judge the working set after the run and give the peak beside it.</summary>
public sealed class MemoryScenarioTests
{
    static readonly Dictionary<string, double> AtStart = new()
    {
        ["targets"] = 185, ["submissions"] = 183, ["notifications"] = 188, ["gateway"] = 153, ["targets-uncached"] = 184,
    };

    [Fact]
    public void A_service_is_judged_by_its_working_set_after_the_run_and_its_peak_is_in_the_notes()
    {
        var atEnd = new Dictionary<string, double>(AtStart) { ["submissions"] = 287, ["notifications"] = 301 };
        var peaks = new Dictionary<string, double>(atEnd) { ["submissions"] = 336 };

        var rows = MemoryScenario.Figures(AtStart, atEnd, peaks).ToDictionary(f => f.Figure);

        var submissions = rows["submissions working set after the run"];
        Assert.Equal(("287 MB", Verdict.Meets, "peak during the run 336 MB"), (submissions.Measured, submissions.Verdict, submissions.Notes));
        Assert.Equal(Verdict.Misses, rows["notifications working set after the run"].Verdict);
        Assert.Equal("peak during the run 184 MB; the measurement-only Targets process (cache off)",
            rows["targets-uncached working set after the run"].Notes);
    }

    [Fact]
    public void A_service_whose_process_was_not_found_is_reported_as_not_measured()
    {
        var atEnd = new Dictionary<string, double>(AtStart);
        atEnd.Remove("gateway");

        var gateway = MemoryScenario.Figures(AtStart, atEnd, atEnd).Single(f => f.Figure == "gateway working set after the run");

        Assert.Equal((Verdict.NotMeasured, "its process was not found"), (gateway.Verdict, gateway.Notes));
    }
}
