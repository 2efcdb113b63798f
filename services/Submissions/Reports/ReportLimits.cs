namespace DxTrack.Submissions.Reports;

/// <summary>Sizes a report may not exceed.</summary>
public static class ReportLimits
{
    public const int NoteLength = 2000;
    public const int FeedbackLength = 10_000;
    public const int EvidenceItems = 20;
    public const int DocumentNumberLength = 100;
    public const int UrlLength = 2000;
    public const int TitleLength = 300;
}
