using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DxTrack.Faults.Tests;

/// <summary>
/// The counts each drill ends with, written as each drill ends to <c>TestResults/faults.json</c>
/// (machine-readable) and into the table of <c>tests/FAULTS.md</c> (drills that did not run keep the
/// row of their latest run). Alongside, <c>TestResults/Faults.Tests.progress</c> gets a timestamped line
/// per step (servers up, a drill started, each broker restart, a drill's result and time), so a run that
/// is cut short still shows how far it got and where its time went; <c>./test.sh</c> prints its last lines
/// when the project does not finish.
/// </summary>
public static partial class DrillReport
{
    static readonly ConcurrentDictionary<int, Row> Rows = new();
    static readonly object ProgressLock = new();
    static readonly Stopwatch Run = Stopwatch.StartNew();
    static TimeSpan _drillStarted;

    static string ResultsFolder => Path.Combine(FaultSystem.RepositoryRoot, "TestResults");

    /// <summary>Appends a line to the progress file: seconds since the run began, then <paramref name="what"/>.</summary>
    public static void Step(string what)
    {
        lock (ProgressLock)
        {
            try
            {
                Directory.CreateDirectory(ResultsFolder);
                File.AppendAllText(Path.Combine(ResultsFolder, "Faults.Tests.progress"),
                    $"{DateTimeOffset.UtcNow:HH:mm:ss} +{Run.Elapsed.TotalSeconds:0}s {what}\n");
            }
            catch (IOException) { } // progress that cannot be written must not fail the drills
        }
    }

    /// <summary>A drill begins: its time is counted from here.</summary>
    public static void Begin(string drill)
    {
        _drillStarted = Run.Elapsed;
        Step($"{drill} started");
    }

    public sealed record Row(int Drill, string Name, bool Passed, string Counts, DateTimeOffset At);

    /// <summary>Records a drill's counts; <paramref name="passed"/> is whether they show nothing lost, duplicated or 5xx.</summary>
    public static void Record(int drill, string name, bool passed, params (string Name, object Value)[] counts)
    {
        var row = new Row(drill, name, passed, string.Join(", ", counts.Select(c => $"{c.Name} {c.Value}")), DateTimeOffset.UtcNow);
        Rows[drill] = row;
        Step($"drill {drill} {(passed ? "passed" : "FAILED")} in {(Run.Elapsed - _drillStarted).TotalSeconds:0} s: {row.Counts}");
        Write();
    }

    static void Write()
    {
        if (Rows.IsEmpty) return;
        var root = FaultSystem.RepositoryRoot;
        try
        {
            Directory.CreateDirectory(ResultsFolder);
            File.WriteAllText(Path.Combine(ResultsFolder, "faults.json"),
                JsonSerializer.Serialize(Rows.Values.OrderBy(r => r.Drill), new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));

            var file = Path.Combine(root, "tests", "FAULTS.md");
            if (!File.Exists(file)) return;
            var text = File.ReadAllText(file);
            var match = Table().Match(text);
            if (!match.Success) return;
            var rows = new SortedDictionary<int, string>();
            foreach (var line in match.Groups["rows"].Value.Split('\n'))
                if (RowNumber().Match(line) is { Success: true } m) rows[int.Parse(m.Groups[1].Value)] = line.TrimEnd();
            foreach (var r in Rows.Values)
                rows[r.Drill] = $"| {r.Drill} | {r.Name} | {(r.Passed ? "passed" : "**FAILED**")} | {r.Counts} | {r.At:yyyy-MM-dd HH:mm} UTC |";
            var table = new StringBuilder();
            table.Append("| # | drill | result | counts | run at |\n|---|---|---|---|---|\n");
            foreach (var line in rows.Values) table.Append(line).Append('\n');
            File.WriteAllText(file, text[..match.Index] + match.Groups["begin"].Value + table + match.Groups["end"].Value + text[(match.Index + match.Length)..]);
        }
        catch (IOException) { } // a report that cannot be written must not fail the drills
    }

    [GeneratedRegex(@"(?<begin><!-- drills:begin -->\n)(?<rows>.*?)(?<end><!-- drills:end -->)", RegexOptions.Singleline)]
    private static partial Regex Table();

    [GeneratedRegex(@"^\| (\d+) \|")]
    private static partial Regex RowNumber();
}
