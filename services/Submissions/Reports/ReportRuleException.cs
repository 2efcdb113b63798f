namespace DxTrack.Submissions.Reports;

/// <summary>A change the report's state does not allow (answered 409, naming the field when there is one).</summary>
public sealed class ReportRuleException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}
