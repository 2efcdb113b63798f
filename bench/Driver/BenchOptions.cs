namespace DxTrack.Bench;

/// <summary>
/// The driver's command line: <c>[--quick] [--agencies N] [--out FOLDER] [--data FOLDER] [--only a,b]</c>.
/// Quick runs a small data set and short steps (a smoke run under two minutes); the full run loads the
/// national-scale data set. Quick and partial runs (<c>--only</c>, <c>--agencies</c>) write under <c>bench/out/</c>.
/// </summary>
public sealed record BenchOptions(
    bool Quick,
    int Agencies,
    int Indicators,
    int Months,
    int FanOutAgencies,
    TimeSpan StepDuration,
    TimeSpan IntakeStepDuration,
    string OutputFolder,
    string DataFolder,
    IReadOnlySet<string> Only)
{
    public const string Usage = "usage: DxTrack.Bench [--quick] [--agencies N] [--out FOLDER] [--data FOLDER] [--only scenario,…]";

    /// <summary>The scenarios, in the order they run.</summary>
    public static readonly string[] Scenarios = ["gateway", "dashboard", "intake", "propagation", "outbox", "fanout", "memory"];

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario);

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args, string repositoryRoot)
    {
        var quick = false;
        int? agencies = null;
        string? output = null, data = null;
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--agencies":
                    var text = Value();
                    if (!int.TryParse(text, out var n) || n < 10 || n > 100_000)
                        throw new ArgumentException($"--agencies must be a number from 10 to 100000, not '{text}'.");
                    agencies = n;
                    break;
                case "--out": output = Value(); break;
                case "--data": data = Value(); break;
                case "--only":
                    foreach (var s in Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!Scenarios.Contains(s, StringComparer.OrdinalIgnoreCase))
                            throw new ArgumentException($"--only: unknown scenario '{s}' (known: {string.Join(", ", Scenarios)}).");
                        only.Add(s.ToLowerInvariant());
                    }
                    break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }
        }
        var count = agencies ?? (quick ? 300 : 10_000);
        return new BenchOptions(
            quick,
            count,
            Indicators: 30,
            Months: 12,
            FanOutAgencies: Math.Min(count, quick ? 100 : 10_000),
            StepDuration: quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(15),
            // Long enough for the consumers' batches, the outbox and the collector to reach a steady state at each rate.
            IntakeStepDuration: quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60),
            OutputFolder: Path.GetFullPath(output ?? DefaultOutput(repositoryRoot, quick, partial: agencies is not null || only.Count > 0)),
            DataFolder: Path.GetFullPath(data ?? Path.Combine(repositoryRoot, ".dxtrack", "bench")),
            only);
    }

    /// <summary>
    /// Only the full run (every scenario, the full data set) writes the table in <c>bench/</c>; a quick or partial run
    /// writes its own beside the console log, so trying one scenario never overwrites the measured table.
    /// </summary>
    static string DefaultOutput(string repositoryRoot, bool quick, bool partial) =>
        quick ? Path.Combine(repositoryRoot, "bench", "out", "quick")
        : partial ? Path.Combine(repositoryRoot, "bench", "out", "partial")
        : Path.Combine(repositoryRoot, "bench");
}
