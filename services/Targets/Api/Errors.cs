using DxTrack.Targets.Agencies;
using DxTrack.Targets.Scheduling;

namespace DxTrack.Targets.Api;

/// <summary>Collects field errors so one answer names every problem with a request (ValidationProblem keys).</summary>
public sealed class Errors
{
    readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    public bool Any => _byField.Count > 0;

    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var list)) _byField[field] = list = [];
        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _byField.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());

    public string? Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) { Add(field, "Required."); return null; }
        if (value.Trim().Length > maxLength) { Add(field, $"At most {maxLength} characters."); return null; }
        return value.Trim();
    }

    public T? Required<T>(string field, T? value) where T : struct
    {
        if (value is null) Add(field, "Required.");
        return value;
    }

    /// <summary>A date that becomes a period or a deadline: required, and inside the supported years.</summary>
    public DateOnly? Date(string field, DateOnly? value)
    {
        if (Required(field, value) is not { } date) return null;
        if (Scheduling.Period.Supports(date)) return date;
        Add(field, Scheduling.Period.DateRule);
        return null;
    }

    public AgencyCode? Code(string field, string? value)
    {
        if (AgencyCode.TryParse(value, out var code)) return code;
        Add(field, string.IsNullOrWhiteSpace(value) ? "Required." : $"'{value}' is not an agency code: {AgencyCode.Rule}");
        return null;
    }

    public Period? Period(string field, string? value)
    {
        if (Scheduling.Period.TryParse(value, out var period)) return period;
        Add(field, string.IsNullOrWhiteSpace(value) ? "Required." : $"'{value}' is not a period. {Scheduling.Period.Rule}");
        return null;
    }
}
