using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace DxTrack.Notifications.Channels;

/// <summary>The SMS provider. Section <c>Notifications:Sms</c>.</summary>
public sealed class SmsOptions : IValidatableObject
{
    public const string Section = "Notifications:Sms";

    /// <summary><c>Recording</c> (default: nothing leaves the process) or <c>Http</c>.</summary>
    public SmsProviderKind Provider { get; set; } = SmsProviderKind.Recording;

    /// <summary>Provider endpoint the message is POSTed to.</summary>
    public string? Url { get; set; }

    /// <summary>Basic authentication user, if the provider uses it.</summary>
    public string? Username { get; set; }

    /// <summary>Basic authentication password.</summary>
    public string? Password { get; set; }

    /// <summary>Header carrying an API key, e.g. <c>X-Api-Key</c>, if the provider uses one.</summary>
    public string? ApiKeyHeader { get; set; }

    /// <summary>The API key.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Registered sender name shown on the phone.</summary>
    public string Brandname { get; set; } = "DXTRACK";

    /// <summary>JSON request body with placeholders <c>{phone}</c>, <c>{text}</c>, <c>{brandname}</c> (inside strings).</summary>
    public string BodyTemplate { get; set; } = """{"to":"{phone}","text":"{text}","brandname":"{brandname}"}""";

    /// <summary>Property of the provider's JSON answer holding its message id; a dotted path (<c>data.tranId</c>) reaches into objects.</summary>
    public string MessageIdProperty { get; set; } = "messageId";

    /// <summary>
    /// Property of the provider's JSON answer saying whether it took the message (a dotted path such as
    /// <c>result.code</c>), for providers that answer 200 with an error code in the body, as Vietnamese brand-name
    /// gateways often do. Unset: any 2xx answer means sent.
    /// </summary>
    public string? SuccessProperty { get; set; }

    /// <summary>
    /// Values of <see cref="SuccessProperty"/> that mean the message was taken (compared as text, ignoring case: a
    /// JSON number 100 and a string "100" both match <c>100</c>). Any other value, or none, is a failed attempt.
    /// </summary>
    public List<string> SuccessValues { get; set; } = [];

    /// <summary>Longest wait for the provider per message.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Provider != SmsProviderKind.Http) yield break;
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            yield return new ValidationResult("Url must be an absolute http(s) URL when Provider is Http.", [nameof(Url)]);
        string? templateError = null;
        try { JsonDocument.Parse(HttpSmsProvider.Fill(BodyTemplate, "+84900000000", "x", Brandname)).Dispose(); }
        catch (JsonException ex) { templateError = ex.Message; }
        if (templateError is not null)
            yield return new ValidationResult($"BodyTemplate is not JSON once filled in: {templateError}", [nameof(BodyTemplate)]);
        if (!BodyTemplate.Contains("{phone}") || !BodyTemplate.Contains("{text}"))
            yield return new ValidationResult("BodyTemplate must contain {phone} and {text}.", [nameof(BodyTemplate)]);
        if (string.IsNullOrEmpty(ApiKeyHeader) != string.IsNullOrEmpty(ApiKey))
            yield return new ValidationResult("Set both ApiKeyHeader and ApiKey, or neither.", [nameof(ApiKey)]);
        if (!string.IsNullOrWhiteSpace(SuccessProperty) && SuccessValues.Count == 0)
            yield return new ValidationResult("SuccessValues must list at least one value when SuccessProperty is set.", [nameof(SuccessValues)]);
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
            yield return new ValidationResult("Set both Username and Password, or neither.", [nameof(Password)]);
    }
}
