using System.Globalization;

namespace DxTrack.Submissions.Reports;

/// <summary>What changed between two revisions, field by field, keyed like the request's JSON paths.</summary>
public sealed record RevisionDiff(Guid SubmissionId, int From, int To, IReadOnlyList<FieldChange> Changes)
{
    public static RevisionDiff Between(Guid submissionId, Revision from, Revision to)
    {
        var before = Flatten(from);
        var after = Flatten(to);
        var changes = before.Keys.Union(after.Keys)
            .Select(k => new FieldChange(k, before.GetValueOrDefault(k), after.GetValueOrDefault(k)))
            .Where(c => c.From != c.To)
            .ToList();
        return new RevisionDiff(submissionId, from.Number, to.Number, changes);
    }

    static Dictionary<string, string?> Flatten(Revision r)
    {
        var fields = new Dictionary<string, string?>();
        void Put(string key, object? value)
        {
            if (value is bool flag) fields[key] = flag ? "true" : "false";
            else if (value is not null) fields[key] = Convert.ToString(value, CultureInfo.InvariantCulture);
        }
        Put("value.numerator", r.Value?.Numerator);
        Put("value.denominator", r.Value?.Denominator);
        Put("value.percent", r.Value?.Percent);
        Put("value.count", r.Value?.Count);
        Put("value.done", r.Value?.Done);
        Put("progress.status", r.Progress?.Status);
        Put("progress.percentComplete", r.Progress?.PercentComplete);
        Put("progress.note", r.Progress?.Note);
        Put("feedback", r.Feedback);
        for (var i = 0; i < r.Evidence.Count; i++)
        {
            Put($"evidence[{i}].url", r.Evidence[i].Url);
            Put($"evidence[{i}].documentNumber", r.Evidence[i].DocumentNumber);
            Put($"evidence[{i}].documentDate", r.Evidence[i].DocumentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Put($"evidence[{i}].title", r.Evidence[i].Title);
        }
        return fields;
    }
}
