using System.Globalization;
using System.Text;

namespace DxTrack.Notifications.Delivery;

/// <summary>
/// SMS text in the GSM-7 basic alphabet. Vietnamese is written without diacritics, as Vietnamese SMS
/// customarily is: with diacritics a message needs UCS-2 and holds only 70 characters (134 in two
/// parts); without, 160 (306 in two parts).
/// </summary>
public static class GsmText
{
    /// <summary>Characters in one GSM-7 message.</summary>
    public const int SingleSegment = 160;

    /// <summary>Characters in a two-part concatenated GSM-7 message.</summary>
    public const int TwoSegments = 306;

    /// <summary>Drops diacritics (đ → d) and replaces anything outside the GSM-7 basic set.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(IsGsmBasic(ch) ? ch : ch is '–' or '—' ? '-' : '?');
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Printable ASCII minus the characters GSM-7 lacks or sends as two-character escapes.</summary>
    public static bool IsGsmBasic(char ch) => ch == '\n' || (ch >= ' ' && ch <= '~' && "[]\\^{}|~`".IndexOf(ch) < 0);

    /// <summary>Segments a GSM-7 text needs.</summary>
    public static int Segments(string text) => text.Length <= SingleSegment ? 1 : (text.Length + 152) / 153;
}
