using DxTrack.Submissions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DxTrack.Submissions.Idempotency;

/// <summary>
/// A caller's <c>Idempotency-Key</c> and the hash of its request, handed by <see cref="IdempotencyFilter"/> to an
/// endpoint that looks up and stores the answer itself, in its own round trips (its first read, its one write).
/// </summary>
public sealed record IdempotencyClaim(string Caller, string Key, string RequestHash)
{
    /// <summary>The first answer to this key, if there is one: a statement for the endpoint's first read.</summary>
    public NpgsqlBatchCommand Lookup() => new(
        """SELECT "RequestHash", "StatusCode", "ResponseBody", "Location" FROM idempotency_keys WHERE "Caller" = $1 AND "Key" = $2""")
    {
        Parameters = { new() { Value = Caller }, new() { Value = Key } },
    };

    /// <summary>Reads what <see cref="Lookup"/> found.</summary>
    public IdempotencyRecord? Read(NpgsqlDataReader row) => new()
    {
        Caller = Caller,
        Key = Key,
        RequestHash = row.GetString(0),
        StatusCode = row.GetInt32(1),
        ResponseBody = row.IsDBNull(2) ? null : row.GetString(2),
        Location = row.IsDBNull(3) ? null : row.GetString(3),
    };

    /// <summary>The same lookup through EF Core, after a write lost a race to a request with the same key.</summary>
    public Task<IdempotencyRecord?> FindAsync(SubmissionsDb db, CancellationToken ct) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Caller == Caller && r.Key == Key, ct);

    /// <summary>This request's answer, to be stored with the change it answers.</summary>
    public IdempotencyRecord Answered(int status, string body, string? location, DateTimeOffset at) => new()
    {
        Caller = Caller,
        Key = Key,
        RequestHash = RequestHash,
        StatusCode = status,
        ResponseBody = body,
        Location = location,
        CreatedAt = at,
    };

    /// <summary>The insert of <paramref name="record"/>, first in the endpoint's write: a concurrent twin fails on its key.</summary>
    public static NpgsqlBatchCommand Insert(IdempotencyRecord record) => new(
        """
        INSERT INTO idempotency_keys ("Caller", "Key", "RequestHash", "StatusCode", "ResponseBody", "Location", "CreatedAt")
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """)
    {
        Parameters =
        {
            new() { Value = record.Caller },
            new() { Value = record.Key },
            new() { Value = record.RequestHash },
            new() { Value = record.StatusCode },
            new() { Value = (object?)record.ResponseBody ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
            new() { Value = (object?)record.Location ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar },
            new() { Value = record.CreatedAt },
        },
    };

    /// <summary>The first answer again, or a 422 when the key was used for a different request.</summary>
    public bool SameRequestAs(IdempotencyRecord first) => first.RequestHash == RequestHash;

    public static ProblemHttpResult KeyReused() =>
        Problems.Unprocessable(IdempotencyFilter.Header, "This key was already used for a different request; use a new key.");
}
