using DxTrack.Notifications.Reminders;
using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Agencies;

/// <summary>
/// Delivery preferences: a contact opts out of SMS or chooses a language (the contact's agency or the
/// secretariat), or an admin sets them for a whole agency. Pending reminders follow at once.
/// </summary>
public static class AgencyPreferenceEndpoints
{
    static readonly string[] Languages = ["vi", "en"];

    public static void MapAgencyPreferences(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications/agencies/{agencyCode}").WithTags("Contacts");
        group.MapGet("/contacts", GetContacts).RequireAuthorization(DxPolicies.Reporter);
        group.MapPut("/contacts/preferences", SetContactPreference).RequireAuthorization(DxPolicies.Reporter);
        group.MapPut("/preferences", SetAgencyPreference).RequireAuthorization(DxPolicies.Admin);
    }

    static async Task<Results<Ok<AgencyContactsView>, ProblemHttpResult, ForbidHttpResult>> GetContacts(
        string agencyCode, NotificationsDb db, CurrentUser user, CancellationToken ct)
    {
        if (!user.MayActFor(agencyCode)) return TypedResults.Forbid();
        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Code == agencyCode, ct);
        if (agency is null) return UnknownAgency(agencyCode);
        var contacts = await ReminderBook.ContactsAsync(db, agencyCode, ct);
        return TypedResults.Ok(new AgencyContactsView(agency.Code, agency.Name, agency.IsActive, agency.Version, contacts));
    }

    static async Task<Results<Ok<PreferenceView>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> SetContactPreference(
        string agencyCode, ContactPreferenceRequest request, NotificationsDb db, ReminderBook book, TimeProvider clock,
        CurrentUser user, CancellationToken ct)
    {
        // Another agency's contacts are refused whatever the body says.
        if (!user.MayActFor(agencyCode)) return TypedResults.Forbid();
        var errors = Validate(request.SmsOptOut, request.Language);
        if (string.IsNullOrWhiteSpace(request.Address)) errors["address"] = ["The contact's e-mail address or phone number is required."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var agency = await db.Agencies.Include(a => a.Contacts).SingleOrDefaultAsync(a => a.Code == agencyCode, ct);
        if (agency is null) return UnknownAgency(agencyCode);
        var address = ContactPreference.Normalize(request.Address!);
        var known = agency.Contacts.Any(c =>
            (c.Email is not null && ContactPreference.Normalize(c.Email) == address)
            || (c.Phone is not null && ContactPreference.Normalize(c.Phone) == address));
        if (!known)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["address"] = [$"No contact of {agencyCode} has this e-mail address or phone number."],
            });

        return TypedResults.Ok(await SaveAsync(db, book, clock, agencyCode, address, request.SmsOptOut, request.Language, ct));
    }

    static async Task<Results<Ok<PreferenceView>, ValidationProblem, ProblemHttpResult>> SetAgencyPreference(
        string agencyCode, AgencyPreferenceRequest request, NotificationsDb db, ReminderBook book, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = Validate(request.SmsOptOut, request.Language);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!await db.Agencies.AnyAsync(a => a.Code == agencyCode, ct)) return UnknownAgency(agencyCode);
        return TypedResults.Ok(await SaveAsync(db, book, clock, agencyCode, ContactPreference.AgencyWide, request.SmsOptOut,
            request.Language, ct));
    }

    static Dictionary<string, string[]> Validate(bool? smsOptOut, string? language)
    {
        var errors = new Dictionary<string, string[]>();
        if (smsOptOut is null && language is null) errors["smsOptOut"] = ["Give smsOptOut, language, or both."];
        if (language is not null && !Languages.Contains(language)) errors["language"] = ["Must be 'vi' or 'en'."];
        return errors;
    }

    static async Task<PreferenceView> SaveAsync(NotificationsDb db, ReminderBook book, TimeProvider clock, string agencyCode,
        string address, bool? smsOptOut, string? language, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var preference = await db.ContactPreferences.FindAsync([agencyCode, address], ct);
        if (preference is null)
        {
            preference = new ContactPreference(agencyCode, address);
            db.ContactPreferences.Add(preference);
        }
        preference.Change(smsOptOut, language, now);
        await book.ReplanAgencyAsync(db, agencyCode, now, ct);
        await db.SaveChangesAsync(ct);
        return new PreferenceView(agencyCode, preference.Address, preference.SmsOptOut, preference.Language);
    }

    static ProblemHttpResult UnknownAgency(string agencyCode) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Agency not found",
            detail: $"No agency '{agencyCode}' is known to Notifications (yet).");
}
