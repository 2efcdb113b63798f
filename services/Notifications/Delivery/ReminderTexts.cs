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

    /// <summary>A short GSM-7 text (at most two segments) listing the obligations by code and due date.</summary>
    public string Sms(string language, string agencyCode, IReadOnlyList<DigestLine> lines, DateTimeOffset now)
    {
        var en = language == "en";
        var today = DateOnly.FromDateTime(clock.ToLocal(now).DateTime);
        var head = en ? $"DxTrack {agencyCode}: {Subject(lines, en)}. " : $"DxTrack {agencyCode}: {Subject(lines, en)}. ";
        var tail = en ? " Details by email." : " Chi tiết trong email.";
        var items = lines.Select(l => $"{Code(l)} {(en ? "due" : "hạn")} {Date(l.Deadline)} ({Standing(l, today, en)})").ToList();

        var text = GsmText.Fold(head + string.Join("; ", items) + tail);
        for (var shown = items.Count - 1; text.Length > GsmText.TwoSegments && shown > 0; shown--)
        {
            var more = en ? $"; +{items.Count - shown} more" : $"; +{items.Count - shown} báo cáo khác";
            text = GsmText.Fold(head + string.Join("; ", items.Take(shown)) + more + "." + tail);
        }
        return text.Length > GsmText.TwoSegments ? text[..GsmText.TwoSegments] : text;
    }

    static string Subject(IReadOnlyList<DigestLine> lines, bool en)
    {
        var kinds = lines.Select(l => l.Step.Kind).ToHashSet();
        var single = lines.Count == 1 ? $": {lines[0].Title}" : $" ({lines.Count})";
        if (kinds.Contains(StepKind.Returned) && kinds.Count == 1)
            return (en ? "Report returned for a fix" : "Báo cáo bị trả lại") + single;
        if (kinds.Contains(StepKind.Overdue))
            return (en ? "Overdue report" : "Báo cáo quá hạn") + single;
        return (en ? "Report reminder" : "Nhắc hạn báo cáo") + single;
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

    static string Shorten(string s, int max) => s.Length > max ? s[..max] : s;

    string Date(DateTimeOffset deadline) =>
        clock.DueDay(deadline).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
