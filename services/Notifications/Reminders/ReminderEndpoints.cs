using DxTrack.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Reminders;

/// <summary>What operators see: pending reminders, and the delivery log of everything attempted.</summary>
public static class ReminderEndpoints
{
    public static void MapReminders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Reminders")
            .RequireAuthorization(DxPolicies.Secretariat);
        group.MapGet("/reminders", ListReminders);
        group.MapGet("/deliveries", ListDeliveries);
    }

    /// <summary>Reminders of a status (default Pending), soonest first.</summary>
    static async Task<Results<Ok<ReminderPage>, ValidationProblem>> ListReminders(NotificationsDb db, string? agency,
        string? status, Guid? obligationId, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var wanted = ParseStatus(status ?? nameof(ReminderStatus.Pending), errors);
        CheckPaging(page, pageSize, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var query = db.Reminders.AsNoTracking().Where(r => r.Status == wanted);
        if (!string.IsNullOrWhiteSpace(agency)) query = query.Where(r => r.AgencyCode == agency);
        if (obligationId is not null) query = query.Where(r => r.ObligationId == obligationId);
        return TypedResults.Ok(await PageAsync(query.OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id), page, pageSize, ct));
    }

    /// <summary>The delivery log: every reminder attempted or settled (sent, failed, skipped, cancelled), newest first.</summary>
    static async Task<Results<Ok<ReminderPage>, ValidationProblem>> ListDeliveries(NotificationsDb db, string? agency,
        string? status, string? channel, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var wanted = status is null ? (ReminderStatus?)null : ParseStatus(status, errors);
        ReminderChannel? wantedChannel = null;
        if (channel is not null)
        {
            if (Enum.TryParse<ReminderChannel>(channel, true, out var c) && !int.TryParse(channel, out _)) wantedChannel = c;
            else errors["channel"] = ["Must be Email or Sms."];
        }
        CheckPaging(page, pageSize, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var query = db.Reminders.AsNoTracking().Where(r => r.Status != ReminderStatus.Pending || r.Attempts > 0);
        if (wanted is not null) query = query.Where(r => r.Status == wanted);
        if (wantedChannel is not null) query = query.Where(r => r.Channel == wantedChannel);
        if (!string.IsNullOrWhiteSpace(agency)) query = query.Where(r => r.AgencyCode == agency);
        return TypedResults.Ok(await PageAsync(query.OrderByDescending(r => r.UpdatedAt).ThenBy(r => r.Id), page, pageSize, ct));
    }

    static ReminderStatus ParseStatus(string status, Dictionary<string, string[]> errors)
    {
        if (Enum.TryParse<ReminderStatus>(status, true, out var parsed) && !int.TryParse(status, out _)) return parsed;
        errors["status"] = [$"Must be one of {string.Join(", ", Enum.GetNames<ReminderStatus>())}."];
        return default;
    }

    static void CheckPaging(int? page, int? pageSize, Dictionary<string, string[]> errors)
    {
        if (page is < 1) errors["page"] = ["Must be 1 or more."];
        if (pageSize is < 1 or > 500) errors["pageSize"] = ["Must be between 1 and 500."];
    }

    static async Task<ReminderPage> PageAsync(IQueryable<Reminder> query, int? page, int? pageSize, CancellationToken ct)
    {
        var number = page ?? 1;
        var size = pageSize ?? 50;
        var total = await query.CountAsync(ct);
        var rows = await query.Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new ReminderPage(rows.Select(ReminderView.From).ToList(), number, size, total);
    }
}
