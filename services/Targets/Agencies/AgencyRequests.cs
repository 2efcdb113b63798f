using System.Net.Mail;
using DxTrack.Contracts;
using DxTrack.Targets.Api;

namespace DxTrack.Targets.Agencies;

/// <summary>Body of <c>POST /api/targets/agencies</c> and <c>PUT /api/targets/agencies/{code}</c> (code ignored on PUT).</summary>
public sealed record AgencyRequest(string? Code, string? Name, AgencyKind? Kind, string? ParentCode, List<ContactRequest>? Contacts);

public sealed record ContactRequest(string? Name, string? Email, string? Phone, bool IsHead = false, bool SmsOptOut = false);

public sealed record AgencyDto(string Code, string Name, AgencyKind Kind, string? ParentCode, bool IsActive,
    IReadOnlyList<ContactDto> Contacts, long Version, DateTimeOffset ChangedAt)
{
    public static AgencyDto From(Agency a) => new(a.Code, a.Name, a.Kind, a.ParentCode, a.IsActive,
        a.Contacts.Select(c => new ContactDto(c.Name, c.Email, c.Phone, c.IsHead, c.SmsOptOut)).ToList(), a.Version, a.ChangedAt);
}

public sealed record ContactDto(string Name, string? Email, string? Phone, bool IsHead, bool SmsOptOut);

static class ContactRules
{
    /// <summary>Checks and normalises contacts (phones to <c>+84…</c>, e-mails trimmed); at most one head.</summary>
    public static List<Contact> Validate(List<ContactRequest>? contacts, Errors errors)
    {
        var result = new List<Contact>();
        if (contacts is null) return result;
        if (contacts.Count > 50) errors.Add("contacts", "At most 50 contacts.");
        for (var i = 0; i < contacts.Count; i++)
        {
            var c = contacts[i];
            var field = $"contacts[{i}]";
            if (c is null) { errors.Add(field, "Required."); continue; }
            var name = errors.Required($"{field}.name", c.Name, 200);
            string? email = null, phone = null;
            if (!string.IsNullOrWhiteSpace(c.Email))
            {
                email = c.Email.Trim();
                if (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email
                    || !parsed.Host.Contains('.'))
                {
                    errors.Add($"{field}.email", $"'{c.Email}' is not an e-mail address.");
                    email = null;
                }
            }
            if (!string.IsNullOrWhiteSpace(c.Phone) && !PhoneNumber.TryNormalise(c.Phone, out phone))
                errors.Add($"{field}.phone", $"'{c.Phone}': {PhoneNumber.Rule}");
            if (email is null && phone is null && string.IsNullOrWhiteSpace(c.Email) && string.IsNullOrWhiteSpace(c.Phone))
                errors.Add(field, "A contact needs an e-mail address or a phone number.");
            if (name is not null) result.Add(new Contact { Name = name, Email = email, Phone = phone, IsHead = c.IsHead, SmsOptOut = c.SmsOptOut });
        }
        if (contacts.Count(c => c?.IsHead == true) > 1) errors.Add("contacts", "At most one contact is the head.");
        return result;
    }
}
