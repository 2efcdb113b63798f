using DxTrack.Notifications.Agencies;
using DxTrack.Notifications.Obligations;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Notifications.Reminders;

/// <summary>
/// Keeps the stored reminders of an obligation in line with the policy. Only pending (or cancelled,
/// when an obligation reopens) rows are changed: a reminder that was sent, skipped or failed stays as
/// it is, so a key is never sent twice. Changes are tracked on the given context; the caller saves.
/// </summary>
public sealed class ReminderBook(ReminderPlanner planner)
{
    public Task ReplanAsync(NotificationsDb db, ObligationReplica obligation, DateTimeOffset now, CancellationToken ct) =>
        ReplanAsync(db, [obligation], now, ct);

    /// <summary>Replans several obligations with a few queries for all of them (their agencies locked first).</summary>
    public async Task ReplanAsync(NotificationsDb db, IReadOnlyCollection<ObligationReplica> obligations, DateTimeOffset now,
        CancellationToken ct)
    {
        if (obligations.Count == 0) return;
        await LockAgenciesAsync(db, obligations.Select(o => o.AgencyCode), ct);
        var reminders = await RemindersOf(db, obligations.Select(o => o.Id).ToList(), ct);
        var contacts = await ContactsAsync(db,
            obligations.Where(o => o.Status == ObligationStatus.Open).Select(o => o.AgencyCode).ToList(), ct);
        foreach (var obligation in obligations)
            Replan(db, obligation, reminders[obligation.Id].ToList(), contacts.GetValueOrDefault(obligation.AgencyCode, []), now);
    }

    void Replan(NotificationsDb db, ObligationReplica obligation, List<Reminder> existing, IReadOnlyList<ContactAddress> contacts,
        DateTimeOffset now)
    {
        var policyRows = existing.Where(r => r.ParsedStep.Kind != StepKind.Returned).ToList();
        if (obligation.Status != ObligationStatus.Open)
        {
            foreach (var r in existing) r.Cancel("Obligation no longer open", now);
            return;
        }

        var desired = planner.Plan(obligation.Deadline, contacts, now);
        var byKey = policyRows.ToDictionary(r => (r.Step, r.Channel, r.Recipient));
        var wanted = new HashSet<(string, ReminderChannel, string)>();
        foreach (var d in desired)
        {
            var key = (d.Step.Code, d.Channel, d.Recipient.Address);
            wanted.Add(key);
            if (byKey.TryGetValue(key, out var row)) row.Replan(d.SendAt, d.Recipient, now);
            else db.Reminders.Add(new Reminder(obligation.Id, obligation.AgencyCode, d.Step, d.Channel, d.Recipient, d.SendAt, now));
        }
        foreach (var row in policyRows.Where(r => !wanted.Contains((r.Step, r.Channel, r.Recipient))))
        {
            if (row.SendAt <= now) row.Skip("Superseded by a later step", now);
            else row.Cancel("No longer planned (deadline or contacts changed)", now);
        }
    }

    public async Task ReplanAgencyAsync(NotificationsDb db, string agencyCode, DateTimeOffset now, CancellationToken ct)
    {
        await LockAgencyAsync(db, agencyCode, ct);
        var open = await db.Obligations.Where(o => o.AgencyCode == agencyCode && o.Status == ObligationStatus.Open).ToListAsync(ct);
        await ReplanAsync(db, open, now, ct);
    }

    /// <summary>
    /// Serialises every planning of one agency's reminders (and the opening and cancelling of its obligations)
    /// until the caller's transaction ends. Without it, an agency and its first obligation consumed at the same
    /// moment each miss the other's uncommitted row and neither plans a reminder, and an obligation's opening and
    /// cancellation would both insert its row. With it, whichever runs second sees the first's committed row.
    /// (Outside a transaction the lock is released at once, which is harmless.)
    /// </summary>
    public static Task LockAgencyAsync(NotificationsDb db, string agencyCode, CancellationToken ct) =>
        LockAgenciesAsync(db, [agencyCode], ct);

    /// <summary>
    /// <see cref="LockAgencyAsync"/> for several agencies in one statement, in the order of their lock keys, so
    /// two transactions that lock overlapping sets wait for each other instead of deadlocking.
    /// </summary>
    public static Task LockAgenciesAsync(NotificationsDb db, IEnumerable<string> agencyCodes, CancellationToken ct)
    {
        var keys = agencyCodes.Select(code => LockPrefix + code).Distinct().ToArray();
        return db.Database.ExecuteSqlAsync(
            $"SELECT count(pg_advisory_xact_lock(key)) FROM (SELECT DISTINCT hashtext(name) AS key FROM unnest({keys}) AS name ORDER BY 1) AS locks",
            ct);
    }

    const string LockPrefix = "notifications-agency:";

    public Task CancelPendingAsync(NotificationsDb db, Guid obligationId, string reason, DateTimeOffset now, CancellationToken ct) =>
        CancelPendingAsync(db, [obligationId], reason, now, ct);

    public async Task CancelPendingAsync(NotificationsDb db, IReadOnlyCollection<Guid> obligationIds, string reason,
        DateTimeOffset now, CancellationToken ct)
    {
        if (obligationIds.Count == 0) return;
        foreach (var row in (await RemindersOf(db, obligationIds, ct)).SelectMany(g => g)) row.Cancel(reason, now);
    }

    /// <summary>Tells the agency's contacts, by e-mail and at once, that a report was returned and why.</summary>
    public async Task AddReturnNoticeAsync(NotificationsDb db, ObligationReplica obligation, int revision, string reasonCode,
        string reason, DateTimeOffset now, CancellationToken ct)
    {
        var step = ReminderStep.Returned(revision);
        var existing = (await RemindersOf(db, obligation.Id, ct)).Where(r => r.Step == step.Code)
            .Select(r => r.Recipient).ToHashSet();
        var contacts = await ContactsAsync(db, obligation.AgencyCode, ct);
        foreach (var recipient in planner.Recipients(step, contacts, ReminderChannel.Email))
            if (!existing.Contains(recipient.Address))
                db.Reminders.Add(new Reminder(obligation.Id, obligation.AgencyCode, step, ReminderChannel.Email, recipient, now, now,
                    note: $"{reasonCode}: {reason}"));
    }

    /// <summary>The agency's contacts with opt-outs and languages resolved; none for an unknown or inactive agency.</summary>
    public static async Task<IReadOnlyList<ContactAddress>> ContactsAsync(NotificationsDb db, string agencyCode, CancellationToken ct) =>
        (await ContactsAsync(db, [agencyCode], ct)).GetValueOrDefault(agencyCode, []);

    /// <summary>The contacts of each known, active agency among <paramref name="agencyCodes"/>, by agency code.</summary>
    static async Task<Dictionary<string, IReadOnlyList<ContactAddress>>> ContactsAsync(NotificationsDb db,
        IReadOnlyCollection<string> agencyCodes, CancellationToken ct)
    {
        var codes = agencyCodes.Distinct().ToList();
        var agencies = db.Agencies.Local.Where(a => codes.Contains(a.Code)).ToList();
        var unloaded = codes.Except(agencies.Select(a => a.Code)).ToList();
        if (unloaded.Count > 0)
            agencies.AddRange(await db.Agencies.Include(a => a.Contacts).Where(a => unloaded.Contains(a.Code)).ToListAsync(ct));
        agencies.RemoveAll(a => !a.IsActive);
        if (agencies.Count == 0) return [];

        var active = agencies.Select(a => a.Code).ToList();
        var preferences = await db.ContactPreferences.Where(p => active.Contains(p.AgencyCode)).ToListAsync(ct);
        foreach (var local in db.ContactPreferences.Local.Where(p => active.Contains(p.AgencyCode)))
            if (!preferences.Contains(local)) preferences.Add(local);
        var byAgency = preferences.ToLookup(p => p.AgencyCode);
        return agencies.ToDictionary(a => a.Code, a => Resolve(a, byAgency[a.Code]));
    }

    static IReadOnlyList<ContactAddress> Resolve(AgencyReplica agency, IEnumerable<ContactPreference> preferences)
    {
        var byAddress = preferences.ToDictionary(p => p.Address);
        var agencyWide = byAddress.GetValueOrDefault(ContactPreference.AgencyWide);

        return agency.Contacts.OrderBy(c => c.Ordinal).Select(c =>
        {
            var byEmail = c.Email is null ? null : byAddress.GetValueOrDefault(ContactPreference.Normalize(c.Email));
            var byPhone = c.Phone is null ? null : byAddress.GetValueOrDefault(ContactPreference.Normalize(c.Phone));
            var optOut = c.SmsOptOut || byPhone?.SmsOptOut == true || byEmail?.SmsOptOut == true || agencyWide?.SmsOptOut == true;
            var language = byEmail?.Language ?? byPhone?.Language ?? agencyWide?.Language ?? "vi";
            return new ContactAddress(c.Name, c.Email, c.Phone, c.IsHead, optOut, language);
        }).ToList();
    }

    static async Task<List<Reminder>> RemindersOf(NotificationsDb db, Guid obligationId, CancellationToken ct) =>
        (await RemindersOf(db, [obligationId], ct))[obligationId].ToList();

    static async Task<ILookup<Guid, Reminder>> RemindersOf(NotificationsDb db, IReadOnlyCollection<Guid> obligationIds,
        CancellationToken ct)
    {
        var rows = await db.Reminders.Where(r => obligationIds.Contains(r.ObligationId)).ToListAsync(ct);
        foreach (var local in db.Reminders.Local.Where(r => obligationIds.Contains(r.ObligationId)))
            if (!rows.Contains(local)) rows.Add(local);
        return rows.ToLookup(r => r.ObligationId);
    }
}
