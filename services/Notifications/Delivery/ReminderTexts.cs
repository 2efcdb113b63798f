using System.Globalization;
using System.Text;
using DxTrack.Notifications.Channels;
using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Delivery;

/// <summary>
/// The words of reminders, in Vietnamese (default) or English. Dates are <c>dd/MM/yyyy</c> in the
/// policy's time zone. One message lists every obligation of the digest.
/// </summary>
public sealed class ReminderTexts(ReminderClock clock)
{
    public OutgoingEmail Email(string to, string name, string language, string agencyName,
        IReadOnlyList<DigestLine> lines, bool escalated, DateTimeOffset now)
    {
        var en = language == "en";
        var today = DateOnly.FromDateTime(clock.ToLocal(now).DateTime);
        var sb = new StringBuilder();
        sb.AppendLine(en ? $"Dear {name}," : $"Kính gửi {name},").AppendLine();
        sb.AppendLine(en
            ? $"{agencyName} has {lines.Count} report(s) that need your attention:"
            : $"{agencyName} có {lines.Count} báo cáo cần lưu ý:").AppendLine();
        var number = 0;
        foreach (var line in lines)
        {
            sb.AppendLine($"{++number}. {line.Title} ({line.SubjectCode}, {(en ? "period" : "kỳ")} {line.Period})");
            sb.AppendLine($"   {(en ? "Due" : "Hạn nộp")}: {Date(line.Deadline)} — {Standing(line, today, en)}");
            if (line.Step.Kind == StepKind.Returned)
                sb.AppendLine(en
                    ? $"   Your report was returned for a fix. Reason: {line.Note}. The obligation is open again: please submit a corrected report."
                    : $"   Báo cáo đã bị trả lại để chỉnh sửa. Lý do: {line.Note}. Nghĩa vụ báo cáo được mở lại: đề nghị gửi lại báo cáo đã chỉnh sửa.");
        }
        sb.AppendLine();
        if (escalated)
            sb.AppendLine(en
                ? "This notice is also sent to the head of the agency and to the Steering Committee secretariat."
                : "Thông báo này được gửi đồng thời tới Thủ trưởng cơ quan và cơ quan thường trực Ban Chỉ đạo.").AppendLine();
        sb.AppendLine(en
            ? "This is an automatic message from DxTrack, the provincial Digital Transformation Steering Committee's reporting system."
            : "Đây là thư tự động từ hệ thống DxTrack của Ban Chỉ đạo chuyển đổi số tỉnh. Vui lòng không trả lời thư này.");
        return new OutgoingEmail(to, name, Subject(lines, en), sb.ToString());
    }

    /// <summary>
    /// A short GSM-7 text (at most two segments) listing the obligations by code and due date. What gives way when it
    /// is too long: for one obligation its title (shortened), for several the items past those that fit ("+N more");
    /// the due dates shown and the closing always stay.
    /// </summary>
    public string Sms(string language, string agencyCode, IReadOnlyList<DigestLine> lines, DateTimeOffset now)
    {
        var en = language == "en";
        var today = DateOnly.FromDateTime(clock.ToLocal(now).DateTime);
        var items = lines.Select(l => $"{Code(l)} {(en ? "due" : "hạn")} {Date(l.Deadline)} ({Standing(l, today, en)})").ToList();

        string Compose(int shown, int? titleLength)
        {
            var head = $"DxTrack {agencyCode}: {Subject(lines, en, titleLength)}. ";
            var more = shown == items.Count ? "" : en ? $"; +{items.Count - shown} more" : $"; +{items.Count - shown} báo cáo khác";
            var tail = en ? ". Details by email." : ". Chi tiết trong email.";
            return GsmText.Fold(head + string.Join("; ", items.Take(shown)) + more + tail);
        }

        var text = Compose(items.Count, null);
        if (lines.Count == 1)
        {
            // Folding can change a title's length, so shorten until the whole text fits.
            for (var titleLength = lines[0].Title.Length; text.Length > GsmText.TwoSegments && titleLength > 0;)
            {
                titleLength = Math.Max(0, titleLength - (text.Length - GsmText.TwoSegments));
                text = Compose(1, titleLength);
            }
        }
        for (var shown = items.Count - 1; text.Length > GsmText.TwoSegments && shown > 0; shown--)
            text = Compose(shown, null);
        return text.Length > GsmText.TwoSegments ? text[..GsmText.TwoSegments] : text;
    }

    /// <summary>The kind of reminder, with the title of a single obligation (cut to <paramref name="titleLength"/> when given).</summary>
    static string Subject(IReadOnlyList<DigestLine> lines, bool en, int? titleLength = null)
    {
        var kinds = lines.Select(l => l.Step.Kind).ToHashSet();
        var kind = kinds.Contains(StepKind.Returned) && kinds.Count == 1 ? en ? "Report returned for a fix" : "Báo cáo bị trả lại"
            : kinds.Contains(StepKind.Overdue) ? en ? "Overdue report" : "Báo cáo quá hạn"
            : en ? "Report reminder" : "Nhắc hạn báo cáo";
        if (lines.Count != 1) return $"{kind} ({lines.Count})";
        var title = titleLength is { } length ? Shorten(lines[0].Title, length) : lines[0].Title;
        return title.Length == 0 ? kind : $"{kind}: {title}";
    }

    string Standing(DigestLine line, DateOnly today, bool en)
    {
        var days = clock.DueDay(line.Deadline).DayNumber - today.DayNumber;
        return days switch
        {
            > 0 => en ? $"{days} day(s) left" : $"còn {days} ngày",
            0 => en ? "due today" : "hạn cuối hôm nay",
            _ => en ? $"{-days} day(s) overdue" : $"quá hạn {-days} ngày",
        };
    }

    static string Code(DigestLine line) =>
        string.IsNullOrWhiteSpace(line.SubjectCode) ? Shorten(line.Title, 30) : line.SubjectCode;

    /// <summary>At most <paramref name="max"/> characters, ending in "..." when cut (nothing when even that does not fit).</summary>
    static string Shorten(string s, int max) =>
        s.Length <= max ? s : max < 4 ? "" : s[..(max - 3)].TrimEnd() + "...";

    string Date(DateTimeOffset deadline) =>
        clock.DueDay(deadline).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
