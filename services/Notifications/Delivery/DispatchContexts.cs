using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace DxTrack.Notifications.Delivery;

/// <summary>
/// Database contexts for sending: the service's own options, but without retries on failure. A retrying execution
/// strategy runs a whole unit of work again after a transient error, and a unit that has already handed a message to
/// the mail server or SMS provider must never run again (that would send the message twice). A failed unit is left
/// to the next round instead, which finds its reminders still pending.
/// </summary>
public sealed class DispatchContexts(DbContextOptions<NotificationsDb> options)
{
    readonly DbContextOptions<NotificationsDb> _options = WithoutRetries(options);

    public NotificationsDb Create() => new(_options);

    static DbContextOptions<NotificationsDb> WithoutRetries(DbContextOptions<NotificationsDb> options)
    {
        var builder = new DbContextOptionsBuilder<NotificationsDb>(options);
        new NpgsqlDbContextOptionsBuilder(builder).ExecutionStrategy(d => new NonRetryingExecutionStrategy(d));
        return builder.Options;
    }
}
