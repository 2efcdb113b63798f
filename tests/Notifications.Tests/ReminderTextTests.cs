using DxTrack.Notifications.Delivery;
using DxTrack.Notifications.Reminders;
using static DxTrack.Notifications.Tests.Support.Policy;

namespace DxTrack.Notifications.Tests;

public sealed class ReminderTextTests
{
    static readonly ReminderTexts Texts = new(Clock());
    static readonly DateTimeOffset Due = Hanoi(2026, 12, 31, 23, 59);

    static DigestLine Line(string code, ReminderStep step, DateTimeOffset? due = null, string? note = null) =>
        new(step, $"Báo cáo kết quả thực hiện chỉ tiêu {code} về chuyển đổi số", code, "2026-Q4", due ?? Due, note);

    [Fact]
    public void A_vietnamese_reminder_has_correct_diacritics_and_dates_as_dd_MM_yyyy()
    {
        var mail = Texts.Email("a@b.vn", "Nguyễn Văn A", "vi", "Sở Thông tin và Truyền thông",
            [Line("CQS-01", ReminderStep.Before(3))], false, Hanoi(2026, 12, 28, 8));

        Assert.StartsWith("Nhắc hạn báo cáo", mail.Subject);
        Assert.Contains("Hạn nộp: 31/12/2026", mail.TextBody);
        Assert.Contains("còn 3 ngày", mail.TextBody);
        Assert.Contains("Kính gửi Nguyễn Văn A", mail.TextBody);
    }

    [Fact]
    public void An_english_reminder_says_the_same_in_english()
    {
        var mail = Texts.Email("a@b.vn", "Nguyen Van A", "en", "DIC", [Line("CQS-01", ReminderStep.Overdue(3))], true,
            Hanoi(2027, 1, 3, 8));

        Assert.StartsWith("Overdue report", mail.Subject);
        Assert.Contains("Due: 31/12/2026", mail.TextBody);
        Assert.Contains("3 day(s) overdue", mail.TextBody);
        Assert.Contains("head of the agency", mail.TextBody);
    }

    [Fact]
    public void A_return_notice_gives_the_reason_and_says_the_obligation_is_open_again()
    {
        var mail = Texts.Email("a@b.vn", "A", "vi", "Sở",
            [Line("CQS-01", ReminderStep.Returned(1), note: "wrong-figure: Tử số lớn hơn mẫu số")], false, Hanoi(2026, 12, 20, 9));

        Assert.StartsWith("Báo cáo bị trả lại", mail.Subject);
        Assert.Contains("wrong-figure: Tử số lớn hơn mẫu số", mail.TextBody);
        Assert.Contains("mở lại", mail.TextBody);
    }

    [Fact]
    public void An_sms_is_gsm7_without_diacritics_and_fits_one_segment_for_one_obligation()
    {
        var sms = Texts.Sms("vi", "STTTT", [Line("CQS-01", ReminderStep.Before(1))], Hanoi(2026, 12, 30, 8));

        Assert.All(sms, ch => Assert.True(GsmText.IsGsmBasic(ch), $"'{ch}' is not GSM-7"));
        Assert.Contains("Nhac han bao cao", sms);
        Assert.Contains("31/12/2026", sms);
        Assert.Equal(1, GsmText.Segments(sms));
    }

    [Fact]
    public void An_sms_digest_of_many_obligations_stays_within_two_segments()
    {
        var lines = Enumerable.Range(1, 12).Select(i => Line($"CQS-{i:D2}", ReminderStep.Overdue(1))).ToList();

        var sms = Texts.Sms("vi", "STTTT", lines, Hanoi(2027, 1, 1, 8));

        Assert.True(sms.Length <= GsmText.TwoSegments, $"{sms.Length} characters");
        Assert.Contains("bao cao khac", sms);
        Assert.All(sms, ch => Assert.True(GsmText.IsGsmBasic(ch)));
    }

    [Fact]
    public void An_sms_about_one_obligation_with_a_500_character_title_keeps_its_due_date_and_closing_within_two_segments()
    {
        var title = string.Concat(Enumerable.Repeat("Báo cáo kết quả thực hiện nhiệm vụ chuyển đổi số cấp tỉnh; ", 10))[..500];
        var line = new DigestLine(ReminderStep.Before(1), title, "NV-2225-01", "2026-Q4", Due, null);

        var sms = Texts.Sms("vi", "STTTT", [line], Hanoi(2026, 12, 30, 8));

        Assert.InRange(GsmText.Segments(sms), 1, 2);
        Assert.Contains("NV-2225-01 han 31/12/2026 (con 1 ngay)", sms);
        Assert.EndsWith("(con 1 ngay). Chi tiet trong email.", sms);
        Assert.StartsWith("DxTrack STTTT: Nhac han bao cao: Bao cao ket qua thuc hien", sms);
        Assert.Contains("...", sms);
        Assert.All(sms, ch => Assert.True(GsmText.IsGsmBasic(ch), $"'{ch}' is not GSM-7"));
    }

    [Fact]
    public void An_english_sms_says_the_same_in_english()
    {
        var sms = Texts.Sms("en", "STTTT", [Line("CQS-01", ReminderStep.Overdue(3)), Line("CQS-02", ReminderStep.Overdue(3))],
            Hanoi(2027, 1, 3, 8));

        Assert.Equal("DxTrack STTTT: Overdue report (2). CQS-01 due 31/12/2026 (3 day(s) overdue); " +
                     "CQS-02 due 31/12/2026 (3 day(s) overdue). Details by email.", sms);
        Assert.Equal(1, GsmText.Segments(sms));
    }

    [Fact]
    public void Folding_drops_vietnamese_diacritics_including_d_with_stroke()
    {
        Assert.Equal("Dong Thap - Nhac han nop bao cao", GsmText.Fold("Đồng Tháp – Nhắc hạn nộp báo cáo"));
    }
}
