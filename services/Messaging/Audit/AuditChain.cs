using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace DxTrack.Messaging.Audit;

/// <summary>
/// The hash chain over a service's audit trail: seal <c>n</c> holds SHA-256(hash of seal <c>n-1</c> ‖ entry), so
/// changing, removing or reordering any sealed entry breaks every link after it. Entries are read back from the
/// database for hashing (never from the objects that wrote them), so the hash covers exactly what is stored.
/// </summary>
public static class AuditChain
{
    /// <summary>An entry's stored fields in a fixed order; <c>at</c> in microseconds, JSON as PostgreSQL prints it.</summary>
    internal const string EntryColumns = """
        e.id, (extract(epoch FROM e.at) * 1000000)::bigint, e.actor, e.role, e.agency_code, e.change,
        e.entity_type, e.entity_id, e.operation, e.correlation_id, e.before::text, e.after::text
        """;

    /// <summary>The link after <paramref name="previous"/> (empty for the first seal) for the entry at the reader's row.</summary>
    internal static byte[] Link(ReadOnlySpan<byte> previous, NpgsqlDataReader entry, int firstColumn)
    {
        using var content = new MemoryStream();
        content.Write(previous);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, entry.GetInt64(firstColumn));
        content.Write(number);
        BinaryPrimitives.WriteInt64BigEndian(number, entry.GetInt64(firstColumn + 1));
        content.Write(number);
        for (var i = firstColumn + 2; i < firstColumn + 12; i++)
        {
            if (entry.IsDBNull(i))
            {
                content.WriteByte(0);
                continue;
            }
            var bytes = Encoding.UTF8.GetBytes(entry.GetString(i));
            content.WriteByte(1);
            BinaryPrimitives.WriteInt32BigEndian(number, bytes.Length);
            content.Write(number[..4]);
            content.Write(bytes);
        }
        return SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length));
    }

    /// <summary>Walks the whole chain from its first seal and names the first link that does not hold.</summary>
    public static async Task<AuditChainReport> VerifyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT s.position, s.entry_id, s.hash, e.id IS NOT NULL, {EntryColumns}
            FROM {AuditTrailSchema.SealTable} s LEFT JOIN {MessagingModel.AuditTable} e ON e.id = s.entry_id
            ORDER BY s.position
            """, connection);
        byte[] previous = [];
        long expected = 1, sealedCount = 0;
        AuditChainBreak? broken = null;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var position = reader.GetInt64(0);
                var entryId = reader.GetInt64(1);
                var stored = (byte[])reader[2];
                sealedCount++;
                if (broken is not null) continue;
                if (position != expected)
                    broken = new(expected, entryId, $"Seal {expected} is missing: the chain jumps to seal {position}.");
                else if (!reader.GetBoolean(3))
                    broken = new(position, entryId, $"Entry {entryId}, sealed at position {position}, is missing.");
                else if (!Link(previous, reader, 4).AsSpan().SequenceEqual(stored))
                    broken = new(position, entryId,
                        $"Entry {entryId} at position {position} does not match its seal: it, or an entry before it, was changed.");
                previous = stored;
                expected = position + 1;
            }
        }

        await using var unsealed = new NpgsqlCommand($"""
            SELECT count(*) FROM {MessagingModel.AuditTable} e
            WHERE NOT EXISTS (SELECT FROM {AuditTrailSchema.SealTable} s WHERE s.entry_id = e.id)
            """, connection);
        var unsealedCount = (long)(await unsealed.ExecuteScalarAsync(ct))!;
        return new AuditChainReport(broken is null, sealedCount, unsealedCount, broken);
    }
}

/// <summary>What a walk of the chain found: whole or not, how many entries are sealed and how many wait for the sealer.</summary>
public sealed record AuditChainReport(bool Intact, long Sealed, long Unsealed, AuditChainBreak? FirstBroken);

/// <summary>The first link that does not hold: its position in the chain, the entry it seals, and what is wrong.</summary>
public sealed record AuditChainBreak(long Position, long EntryId, string Problem);
