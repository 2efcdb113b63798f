namespace DxTrack.Bench.Report;

/// <summary>Everything one run measured: when, how (quick or full, data set size), where, and every figure.</summary>
public sealed record BenchReport(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Mode,
    string Commit,
    DataSetSize DataSet,
    MachineInfo Machine,
    IReadOnlyList<BenchFigure> Figures,
    IReadOnlyList<string> Notes);

/// <summary>How big the loaded data set was.</summary>
public sealed record DataSetSize(int Agencies, int Indicators, int Months, long Obligations);
