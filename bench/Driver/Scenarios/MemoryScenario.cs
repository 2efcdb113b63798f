using DxTrack.Bench.Harness;
using DxTrack.Bench.Report;
using static DxTrack.Bench.Report.ReportWriter;

namespace DxTrack.Bench.Scenarios;

/// <summary>
/// Each service's working set after the run, against its own working set when it had just started; the notes give
/// its peak during the run, which a service that trims its memory once idle no longer shows at the end.
/// </summary>
public static class MemoryScenario
{
    public const double LimitMb = 300;

    public static IEnumerable<BenchFigure> Figures(IReadOnlyDictionary<string, double> atStart,
        IReadOnlyDictionary<string, double> atEnd, IReadOnlyDictionary<string, double> peaks)
    {
        foreach (var service in BenchSystem.Services)
        {
            if (!atEnd.TryGetValue(service, out var end))
            {
                yield return BenchFigure.NotMeasured("memory", $"{service} working set after the run", "≤ 300 MB",
                    "its process was not found");
                continue;
            }
            var start = atStart.GetValueOrDefault(service);
            var notes = new List<string>();
            if (peaks.TryGetValue(service, out var peak)) notes.Add($"peak during the run {Num(peak)} MB");
            if (service == BenchSystem.UncachedTargets) notes.Add("the measurement-only Targets process (cache off)");
            yield return new BenchFigure("memory", $"{service} working set after the run",
                $"{Num(end)} MB", start > 0 ? $"{Num(start)} MB just after start" : "—", start > 0 ? end / start : null,
                "≤ 300 MB", end <= LimitMb ? Verdict.Meets : Verdict.Misses,
                string.Join("; ", notes));
        }
    }
}
