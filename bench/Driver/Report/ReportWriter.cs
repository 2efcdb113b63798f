using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DxTrack.Bench.Report;

/// <summary>Writes a run as a Markdown table (bench/RESULTS.md) and as JSON (the raw figures), and reads the JSON back.</summary>
public static class ReportWriter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string ToJson(BenchReport report) => JsonSerializer.Serialize(report, Json);

    public static BenchReport FromJson(string json) =>
        JsonSerializer.Deserialize<BenchReport>(json, Json) ?? throw new JsonException("The results file is empty.");

    /// <summary>The results table and the machine, for RESULTS.md; <paramref name="preamble"/> and <paramref name="epilogue"/> are kept as written.</summary>
    public static string ToMarkdown(BenchReport report, string preamble = "", string epilogue = "")
    {
        var md = new StringBuilder();
        if (preamble.Length > 0) md.Append(preamble.TrimEnd()).Append("\n\n");
        md.Append($"## Run of {report.StartedAt:yyyy-MM-dd HH:mm} UTC ({report.Mode}, commit {report.Commit})\n\n");
        var m = report.Machine;
        md.Append($"Machine: {m.Cores} cores, {m.MemoryMb:N0} MB memory, {m.Os}, {m.Runtime}. ")
          .Append($"Load average (1 min) {Num(m.LoadAverageAtStart)} at start, {Num(m.LoadAverageAtEnd)} at the end. ")
          .Append($"Run took {(report.FinishedAt - report.StartedAt).TotalMinutes:0.0} min.\n\n");
        var d = report.DataSet;
        md.Append($"Data set: {d.Agencies:N0} agencies × {d.Indicators} indicators × {d.Months} months = {d.Obligations:N0} obligations.\n\n");
        md.Append("| scenario | figure | measured | reference (same run) | ratio | bar | verdict | notes |\n");
        md.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var f in report.Figures)
            md.Append($"| {Cell(f.Scenario)} | {Cell(f.Figure)} | {Cell(f.Measured)} | {Cell(f.Reference)} | ")
              .Append($"{(f.Ratio is { } r ? Num(r) + "×" : "—")} | {Cell(f.Bar)} | {VerdictText(f.Verdict)} | {Cell(f.Notes)} |\n");
        if (report.Notes.Count > 0)
        {
            md.Append('\n');
            foreach (var note in report.Notes) md.Append("- ").Append(note).Append('\n');
        }
        if (epilogue.Length > 0) md.Append('\n').Append(epilogue.Trim()).Append('\n');
        return md.ToString();
    }

    public static string VerdictText(Verdict verdict) => verdict switch
    {
        Verdict.Meets => "**meets**",
        Verdict.Misses => "**misses**",
        _ => "not measured",
    };

    /// <summary>A number as the report prints it: invariant culture, at most two decimals, thousands separated.</summary>
    public static string Num(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.#", CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);

    // A pipe would end the cell; a newline would end the row.
    static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", " ");
}
