namespace DxTrack.Bench.Report;

/// <summary>
/// One row of the results: a scenario's figure, the reference measured in the same run, their ratio,
/// the bar and whether it is reached. Raw holds the scenario's detailed numbers for the JSON file.
/// </summary>
public sealed record BenchFigure(
    string Scenario,
    string Figure,
    string Measured,
    string Reference,
    double? Ratio,
    string Bar,
    Verdict Verdict,
    string Notes = "",
    IReadOnlyDictionary<string, object?>? Raw = null)
{
    public static BenchFigure NotMeasured(string scenario, string figure, string bar, string why) =>
        new(scenario, figure, "—", "—", null, bar, Verdict.NotMeasured, why);
}
