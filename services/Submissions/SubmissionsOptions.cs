using System.ComponentModel.DataAnnotations;

namespace DxTrack.Submissions;

/// <summary>How reports are reviewed. Section <c>Submissions</c>.</summary>
public sealed class SubmissionsOptions
{
    /// <summary>Reason codes a reviewer may give when returning a report.</summary>
    [MinLength(1)]
    public List<string> ReturnReasons { get; set; } = [];

    /// <summary>Days an agency has to fix a returned report when the reviewer names none.</summary>
    [Range(1, 365)]
    public int DefaultFixWithinDays { get; set; } = 5;

    /// <summary>Time zone whose end of day closes a fix period (as due dates do).</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";

    /// <summary>Days a POST's <c>Idempotency-Key</c> is remembered; a retry after that is a new request.</summary>
    [Range(1, 365)]
    public int IdempotencyKeyDays { get; set; } = 7;

    /// <summary>The reason codes used when none are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultReturnReasons =
        ["wrong-figure", "missing-evidence", "wrong-period", "incomplete", "other"];
}
