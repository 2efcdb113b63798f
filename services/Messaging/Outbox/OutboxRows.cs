using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace DxTrack.Messaging.Outbox;

/// <summary>Outbox rows: made for an event, and written by a statement of a caller's own batch.</summary>
public static class OutboxRows
{
    /// <summary>The row that carries <paramref name="message"/>, with the trace and correlation id of the work that wrote it.</summary>
    public static OutboxMessage For<T>(T message, TimeProvider clock, string? aggregateKey = null) where T : class => new()
    {
        MessageId = Guid.CreateVersion7(clock.GetUtcNow()),
        MessageType = MessageJson.TypeName(typeof(T)),
        Body = JsonSerializer.Serialize(message, MessageJson.Options),
        AggregateKey = aggregateKey,
        TraceParent = Activity.Current?.Id,
        CorrelationId = Correlation.Current,
        CreatedAt = clock.GetUtcNow(),
    };

    /// <summary>
    /// The row's insert, for a batch that commits it with the state change (one round trip, one commit). Whoever
    /// runs it tells <see cref="OutboxSignal"/> once it has committed.
    /// </summary>
    public static NpgsqlBatchCommand Insert(OutboxMessage row) => new(
        $"""
         INSERT INTO {MessagingModel.OutboxTable}
             (message_id, message_type, body, aggregate_key, trace_parent, correlation_id, created_at, attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0)
         """)
    {
        Parameters =
        {
            new() { Value = row.MessageId },
            new() { Value = row.MessageType },
            new() { Value = row.Body, NpgsqlDbType = NpgsqlDbType.Jsonb },
            new() { Value = (object?)row.AggregateKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar },
            new() { Value = (object?)row.TraceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar },
            new() { Value = (object?)row.CorrelationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar },
            new() { Value = row.CreatedAt },
        },
    };
}
