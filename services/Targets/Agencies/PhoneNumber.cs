using System.Diagnostics.CodeAnalysis;

namespace DxTrack.Targets.Agencies;

/// <summary>
/// A Vietnamese mobile number in the one form SMS providers accept: <c>+84</c> and 9 digits.
/// <c>0912345678</c>, <c>84912345678</c> and <c>+84 91 234 5678</c> are the same number.
/// </summary>
public static class PhoneNumber
{
    // Mobile ranges after the 2018 renumbering: 03x, 05x, 07x, 08x, 09x.
    static readonly char[] MobilePrefixes = ['3', '5', '7', '8', '9'];

    public const string Rule = "A Vietnamese mobile number: 0 or +84 followed by 9 digits starting with 3, 5, 7, 8 or 9.";

    public static bool TryNormalise([NotNullWhen(true)] string? input, [NotNullWhen(true)] out string? normalised)
    {
        normalised = null;
        if (string.IsNullOrWhiteSpace(input)) return false;
        var compact = new string(input.Where(c => c is not (' ' or '.' or '-' or '(' or ')')).ToArray());

        string national;
        if (compact.StartsWith("+84", StringComparison.Ordinal)) national = compact[3..];
        else if (compact.StartsWith("84", StringComparison.Ordinal) && compact.Length == 11) national = compact[2..];
        else if (compact.StartsWith('0') && compact.Length == 10) national = compact[1..];
        else return false;

        if (national.Length != 9 || !national.All(char.IsAsciiDigit) || !MobilePrefixes.Contains(national[0]))
            return false;
        normalised = "+84" + national;
        return true;
    }
}
