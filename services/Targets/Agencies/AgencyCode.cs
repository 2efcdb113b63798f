using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace DxTrack.Targets.Agencies;

/// <summary>
/// An agency's stable code, e.g. <c>STTTT</c> or <c>H-BABE</c>: upper-case letters, digits and dashes,
/// 2 to 30 characters. Input is upper-cased first, so <c>sttt</c> and <c>STTT</c> are the same agency.
/// </summary>
public readonly partial record struct AgencyCode
{
    AgencyCode(string value) => Value = value;

    public string Value { get; }

    public const string Rule = "2 to 30 upper-case letters, digits or dashes.";

    public static bool TryParse([NotNullWhen(true)] string? input, out AgencyCode code)
    {
        code = default;
        if (string.IsNullOrWhiteSpace(input)) return false;
        var candidate = input.Trim().ToUpperInvariant();
        if (!Shape().IsMatch(candidate)) return false;
        code = new AgencyCode(candidate);
        return true;
    }

    public static AgencyCode Parse(string input) =>
        TryParse(input, out var code) ? code : throw new FormatException($"'{input}' is not an agency code: {Rule}");

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Z0-9-]{2,30}$")]
    private static partial Regex Shape();
}
