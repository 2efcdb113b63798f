namespace DxTrack.Targets.Dashboard;

/// <summary>One table of an export: a worksheet in XLSX, a titled block in CSV. Cells are text, numbers or null.</summary>
public sealed record ExportSheet(string Name, IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows);
