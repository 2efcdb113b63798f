using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DxTrack.Faults.Tests;

/// <summary>
/// The counts each drill ends with. Written when the drills finish to <c>TestResults/faults.json</c>
/// (machine-readable) and into the table of <c>tests/FAULTS.md</c> (drills that did not run keep the
/// row of their latest run).
/// </summary>
public static partial class DrillReport
{
    static readonly ConcurrentDictionary<int, Row> Rows = new();

    public sealed record Row(int Drill, string Name, bool Passed, string Counts, DateTimeOffset At);

    /// <summary>Records a drill's counts; <paramref name="passed"/> is whether they show nothing lost, duplicated or 5xx.</summary>
    public static void Record(int drill, string name, bool passed, params (string Name, object Value)[] counts) =>
        Rows[drill] = new Row(drill, name, passed, string.Join(", ", counts.Select(c => $"{c.Name} {c.Value}")), DateTimeOffset.UtcNow);

    public static void Write()
    {
        if (Rows.IsEmpty) return;
        var root = FaultSystem.RepositoryRoot;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "TestResults"));
            File.WriteAllText(Path.Combine(root, "TestResults", "faults.json"),
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
