using DxTrack.Contracts;
using DxTrack.Submissions.Replica;

namespace DxTrack.Submissions.Reports;

/// <summary>
/// Checks a report against the obligation it answers: the kind of answer its subject asks for, the
/// fields of the indicator's measure and no others, ranges, text limits and evidence.
/// Errors are keyed by the JSON path of the field (<c>value.numerator</c>, <c>evidence[2].url</c>).
/// </summary>
public static class ReportValidator
{
    public static Dictionary<string, string[]> Validate(SubmitRequest request, ObligationReplica obligation,
        DateOnly today, out ReportContent content)
    {
        var errors = new Errors();
        ReportedValue? value = null;
        ReportedProgress? progress = null;
        string? feedback = null;

        switch (obligation.Subject)
        {
            case ObligationSubject.Indicator:
                NotAllowed(errors, "progress", request.Progress is not null, "an indicator value");
                NotAllowed(errors, "feedback", request.Feedback is not null, "an indicator value");
                value = ValidateValue(errors, request.Value, obligation.Measure);
                break;
            case ObligationSubject.Task:
                NotAllowed(errors, "value", request.Value is not null, "task progress");
                NotAllowed(errors, "feedback", request.Feedback is not null, "task progress");
                progress = ValidateProgress(errors, request.Progress);
                break;
            case ObligationSubject.Consultation:
                NotAllowed(errors, "value", request.Value is not null, "feedback");
                NotAllowed(errors, "progress", request.Progress is not null, "feedback");
                if (string.IsNullOrWhiteSpace(request.Feedback))
                    errors.Add("feedback", "Feedback text is required for a consultation.");
                else if (request.Feedback.Length > ReportLimits.FeedbackLength)
                    errors.Add("feedback", $"At most {ReportLimits.FeedbackLength} characters.");
                else feedback = request.Feedback.Trim();
                break;
        }

        var evidence = ValidateEvidence(errors, request.Evidence, today);
        content = new ReportContent(value, progress, feedback, evidence);
        return errors.ToDictionary();
    }

    static void NotAllowed(Errors errors, string field, bool present, string asks)
    {
        if (present) errors.Add(field, $"Not allowed: this obligation asks for {asks}.");
    }

    static ReportedValue? ValidateValue(Errors errors, ValueInput? input, Measure? measure)
    {
        if (input is null)
        {
            errors.Add("value", "An indicator value is required.");
            return null;
        }

        var present = new Dictionary<string, bool>
        {
            ["numerator"] = input.Numerator is not null,
            ["denominator"] = input.Denominator is not null,
            ["percent"] = input.Percent is not null,
            ["count"] = input.Count is not null,
            ["done"] = input.Done is not null,
        };
        if (measure is null) CheckOneMeasure(errors, present);
        else
        {
            var allowed = FieldsOf(measure.Value);
            foreach (var (field, isPresent) in present)
            {
                if (isPresent && !allowed.Contains(field))
                    errors.Add($"value.{field}", $"Not allowed: the indicator is measured as {measure}.");
                else if (!isPresent && allowed.Contains(field))
                    errors.Add($"value.{field}", $"Required: the indicator is measured as {measure}.");
            }
        }

        if (input.Numerator < 0) errors.Add("value.numerator", "Must be 0 or more.");
        if (input.Denominator <= 0) errors.Add("value.denominator", "Must be more than 0.");
        if (input is { Numerator: { } n, Denominator: { } d } && d > 0 && n >= 0 && n > d)
            errors.Add("value.numerator", "Must not exceed the denominator.");
        if (input.Percent is < 0 or > 100) errors.Add("value.percent", "Must be between 0 and 100.");
        long? count = null;
        if (input.Count is { } c)
        {
            if (c < 0) errors.Add("value.count", "Must be 0 or more.");
            else if (c != decimal.Truncate(c)) errors.Add("value.count", "Must be a whole number.");
            else if (c > long.MaxValue) errors.Add("value.count", "Too large.");
            else count = (long)c;
        }

        return new ReportedValue(input.Numerator, input.Denominator, input.Percent, count, input.Done);
    }

    static string[] FieldsOf(Measure measure) => measure switch
    {
        Measure.Ratio => ["numerator", "denominator"],
        Measure.Percent => ["percent"],
        Measure.Count => ["count"],
        Measure.Milestone => ["done"],
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "A measure without fields."),
    };

    /// <summary>
    /// The replica may not know an indicator's measure (its event did not carry one). The value must then still be one
    /// measure's fields and only those — a mix could not be aggregated into a province value.
    /// </summary>
    static void CheckOneMeasure(Errors errors, Dictionary<string, bool> present)
    {
        var given = Enum.GetValues<Measure>()
            .Where(m => FieldsOf(m).Any(f => present[f]))
            .ToList();
        switch (given.Count)
        {
            case 0:
                errors.Add("value", "An indicator value is required: numerator and denominator, percent, count or done.");
                break;
            case 1:
                foreach (var field in FieldsOf(given[0]).Where(f => !present[f]))
                    errors.Add($"value.{field}", $"Required: a {given[0]} value needs {string.Join(" and ", FieldsOf(given[0]))}.");
                break;
            default:
                foreach (var field in given.SelectMany(FieldsOf).Where(f => present[f]))
                    errors.Add($"value.{field}",
                        $"Give the fields of one measure only; this value mixes {string.Join(", ", given)}.");
                break;
        }
    }

    static ReportedProgress? ValidateProgress(Errors errors, ProgressInput? input)
    {
        if (input is null)
        {
            errors.Add("progress", "Task progress is required.");
            return null;
        }
        if (input.Status is null) errors.Add("progress.status", "Required: NotStarted, InProgress, Completed or Blocked.");
        if (input.PercentComplete is null) errors.Add("progress.percentComplete", "Required.");
        else if (input.PercentComplete is < 0 or > 100) errors.Add("progress.percentComplete", "Must be between 0 and 100.");
        else if (input.Status == TaskProgressStatus.Completed && input.PercentComplete != 100)
            errors.Add("progress.percentComplete", "A completed task is 100% complete.");
        else if (input.Status == TaskProgressStatus.NotStarted && input.PercentComplete != 0)
            errors.Add("progress.percentComplete", "A task not started is 0% complete.");
        if (input.Note?.Length > ReportLimits.NoteLength)
            errors.Add("progress.note", $"At most {ReportLimits.NoteLength} characters.");
        else if (input.Status == TaskProgressStatus.Blocked && string.IsNullOrWhiteSpace(input.Note))
            errors.Add("progress.note", "Say what blocks the task.");

        return input is { Status: { } status, PercentComplete: { } percent }
            ? new ReportedProgress(status, percent, string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim())
            : null;
    }

    static List<EvidenceItem> ValidateEvidence(Errors errors, List<EvidenceInput?>? input, DateOnly today)
    {
        var items = new List<EvidenceItem>();
        if (input is null) return items;
        if (input.Count > ReportLimits.EvidenceItems)
        {
            errors.Add("evidence", $"At most {ReportLimits.EvidenceItems} items.");
            return items;
        }
        for (var i = 0; i < input.Count; i++)
        {
            var at = $"evidence[{i}]";
            var item = input[i];
            if (item is null)
            {
                errors.Add(at, "An evidence item cannot be null.");
                continue;
            }
            var url = string.IsNullOrWhiteSpace(item.Url) ? null : item.Url.Trim();
            var number = string.IsNullOrWhiteSpace(item.DocumentNumber) ? null : item.DocumentNumber.Trim();
            if (url is null && number is null)
                errors.Add(at, "Give a url, a documentNumber, or both.");
            if (url is not null)
            {
                if (url.Length > ReportLimits.UrlLength)
                    errors.Add($"{at}.url", $"At most {ReportLimits.UrlLength} characters.");
                else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) ||
                         (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    errors.Add($"{at}.url", "Must be an absolute http or https link.");
            }
            if (number?.Length > ReportLimits.DocumentNumberLength)
                errors.Add($"{at}.documentNumber", $"At most {ReportLimits.DocumentNumberLength} characters.");
            if (item.DocumentDate is not null && number is null)
                errors.Add($"{at}.documentDate", "A document date needs a documentNumber.");
            else if (item.DocumentDate > today)
                errors.Add($"{at}.documentDate", "Cannot be in the future.");
            if (item.Title?.Length > ReportLimits.TitleLength)
                errors.Add($"{at}.title", $"At most {ReportLimits.TitleLength} characters.");
            items.Add(new EvidenceItem(url, number, item.DocumentDate, string.IsNullOrWhiteSpace(item.Title) ? null : item.Title.Trim()));
        }
        return items;
    }

    sealed class Errors
    {
        readonly Dictionary<string, List<string>> _byField = [];

        public void Add(string field, string message)
        {
            if (!_byField.TryGetValue(field, out var list)) _byField[field] = list = [];
            list.Add(message);
        }

        public Dictionary<string, string[]> ToDictionary() => _byField.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }
}
