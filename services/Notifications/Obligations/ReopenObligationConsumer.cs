using DxTrack.Contracts;
using DxTrack.Messaging.Inbox;
using DxTrack.Notifications.Reminders;

namespace DxTrack.Notifications.Obligations;

/// <summary>
/// A report was returned: the agency is told why (reason code and text) and that the obligation is
/// open again, and the reminders resume against the fix date (or the original due instant). A returned correction of
/// an accepted report changes nothing here: the accepted revision still counts, so nothing is owed, no reminder
/// resumes, and a notice saying the obligation is open again would be wrong (the reviewer's reason is on the report).
/// </summary>
public sealed class ReopenObligationConsumer(NotificationsDb db, TimeProvider clock, ReminderBook book,
    ILogger<ReopenObligationConsumer> logger)
    : IdempotentConsumer<SubmissionReturned, NotificationsDb>(db, clock, logger)
{
    protected override async Task Apply(SubmissionReturned message, CancellationToken ct)
    {
        var obligation = await Db.Obligations.FindAsync([message.ObligationId], ct)
                         ?? throw new ObligationNotYetKnownException(message.ObligationId);
        var now = Clock.GetUtcNow();
        if (message.AcceptedRevision is not null)
        {
            obligation.NoteRevision(message.Revision, message.ReturnedAt);
            return;
        }
        if (!obligation.Reopen(message.Revision, message.FixBy, message.ReturnedAt)) return;
        await book.ReplanAsync(Db, obligation, now, ct);
        await book.AddReturnNoticeAsync(Db, obligation, message.Revision, message.ReasonCode, message.Reason, now, ct);
    }
}
