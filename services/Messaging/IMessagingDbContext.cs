using DxTrack.Messaging.Inbox;
using DxTrack.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace DxTrack.Messaging;

/// <summary>A service's <see cref="DbContext"/> that holds its outbox and inbox tables.</summary>
public interface IMessagingDbContext
{
    DbSet<OutboxMessage> OutboxMessages { get; }
    DbSet<InboxMessage> InboxMessages { get; }
}
