using System.Data;
using System.Text.Json;
using DxTrack.Contracts;
using DxTrack.Messaging.Audit;
using DxTrack.Messaging.Outbox;
using DxTrack.Submissions.Idempotency;
using DxTrack.Submissions.Replica;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace DxTrack.Submissions.Reports;

/// <summary>
/// A report's round trips to PostgreSQL: what it reads (the first answer to its idempotency key, the obligation, whether
/// the obligation has a report already) in one batch, and a first report's write in another, which PostgreSQL runs as
/// one transaction (its answer, the submission, the revision, the event, the audit entries) and commits durably before
/// it answers. No change tracking: the rows and entries are built from the values being written.
/// </summary>
public static class ReportIntake
{
    /// <summary>What a report's first read found.</summary>
    public sealed record Reading(IdempotencyRecord? FirstAnswer, ObligationReplica? Obligation, bool AlreadyReported);

    /// <summary>Opens the context's connection for the report's round trips; closes it when disposed.</summary>
    public static async Task<IAsyncDisposable> OpenAsync(SubmissionsDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return new Closing(db);
    }

    public static async Task<Reading> ReadAsync(SubmissionsDb db, Guid obligationId, IdempotencyClaim? claim,
        CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(Connection(db));
        if (claim is not null) batch.BatchCommands.Add(claim.Lookup());
        batch.BatchCommands.Add(new("""
            SELECT "Id", "AgencyCode", "Subject", "SubjectId", "SubjectCode", "Title", "Period", "DueAt", "Measure",
                   "OpenedAt", "DueChangedAt", "CancelledAt", "CancelReason"
            FROM obligations WHERE "Id" = $1
            """) { Parameters = { new() { Value = obligationId } } });
        batch.BatchCommands.Add(new("""SELECT EXISTS (SELECT 1 FROM submissions WHERE "ObligationId" = $1)""")
            { Parameters = { new() { Value = obligationId } } });

        await using var reader = await batch.ExecuteReaderAsync(ct);
        IdempotencyRecord? first = null;
        if (claim is not null)
        {
            if (await reader.ReadAsync(ct)) first = claim.Read(reader);
            await reader.NextResultAsync(ct);
        }
        var obligation = await reader.ReadAsync(ct) ? Obligation(reader) : null;
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new Reading(first, obligation, reader.GetBoolean(0));
    }

    /// <summary>
    /// Writes a first report with everything that commits with it, in one round trip. A unique key it meets (the same
    /// idempotency key, or another first report on the obligation, committed meanwhile) rolls the whole of it back and
    /// surfaces as a <see cref="PostgresException"/>.
    /// </summary>
    public static async Task WriteFirstAsync(SubmissionsDb db, Submission submission, OutboxMessage @event,
        IdempotencyRecord? answer, HttpContext http, DateTimeOffset at, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(Connection(db));
        // The key first: a concurrent request with the same key is told apart from a concurrent report.
        if (answer is not null) batch.BatchCommands.Add(IdempotencyClaim.Insert(answer));
        batch.BatchCommands.Add(InsertSubmission(submission));
        foreach (var revision in submission.Revisions) batch.BatchCommands.Add(InsertRevision(revision));
        batch.BatchCommands.Add(OutboxRows.Insert(@event));
        batch.BatchCommands.Add(AuditRows.Insert(AuditRows.Entry(http, "Added", nameof(Submission), submission.Id.ToString(),
            before: null, after: AuditRows.Values(AuditValues(submission)), at)));
        foreach (var revision in submission.Revisions)
            batch.BatchCommands.Add(AuditRows.Insert(AuditRows.Entry(http, "Added", nameof(Revision),
                $"{revision.SubmissionId}/{revision.Number}", before: null, after: AuditRows.Values(AuditValues(revision)), at)));
        await batch.ExecuteNonQueryAsync(ct);
    }

    static NpgsqlConnection Connection(SubmissionsDb db) => (NpgsqlConnection)db.Database.GetDbConnection();

    static ObligationReplica Obligation(NpgsqlDataReader row) => ObligationReplica.Stored(
        id: row.GetGuid(0),
        agencyCode: row.GetString(1),
        subject: Enum.Parse<ObligationSubject>(row.GetString(2)),
        subjectId: row.GetGuid(3),
        subjectCode: row.GetString(4),
        title: row.GetString(5),
        period: row.GetString(6),
        dueAt: row.GetFieldValue<DateTimeOffset>(7),
        measure: row.IsDBNull(8) ? null : Enum.Parse<Measure>(row.GetString(8)),
        openedAt: row.GetFieldValue<DateTimeOffset>(9),
        dueChangedAt: row.GetFieldValue<DateTimeOffset>(10),
        cancelledAt: row.IsDBNull(11) ? null : row.GetFieldValue<DateTimeOffset>(11),
        cancelReason: row.IsDBNull(12) ? null : row.GetString(12));

    static NpgsqlBatchCommand InsertSubmission(Submission s) => new("""
        INSERT INTO submissions ("Id", "ObligationId", "AgencyCode", "Period", "Subject", "LatestRevision", "Status",
                                 "AcceptedRevision", "IsLate", "OnTime", "FirstSubmittedAt", "UpdatedAt")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        """)
    {
        Parameters =
        {
            new() { Value = s.Id },
            new() { Value = s.ObligationId },
            new() { Value = s.AgencyCode },
            new() { Value = s.Period },
            new() { Value = s.Subject.ToString() },
            new() { Value = s.LatestRevision },
            new() { Value = s.Status.ToString() },
            Null(s.AcceptedRevision, NpgsqlDbType.Integer),
            new() { Value = s.IsLate },
            Null(s.OnTime, NpgsqlDbType.Boolean),
            new() { Value = s.FirstSubmittedAt },
            new() { Value = s.UpdatedAt },
        },
    };

    static NpgsqlBatchCommand InsertRevision(Revision r) => new("""
        INSERT INTO revisions ("SubmissionId", "Number", value_numerator, value_denominator, value_percent, value_count,
                               value_done, progress_status, progress_percent, progress_note, "Feedback", "SubmittedBy",
                               "SubmitterRole", "SubmitterAgency", "SubmittedAt", "IsLate", "Status", "ReviewedBy",
                               "ReviewedAt", "ReturnReasonCode", "ReturnReason", "FixBy", evidence, field_comments)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
        """)
    {
        Parameters =
        {
            new() { Value = r.SubmissionId },
            new() { Value = r.Number },
            Null(r.Value?.Numerator, NpgsqlDbType.Numeric),
            Null(r.Value?.Denominator, NpgsqlDbType.Numeric),
            Null(r.Value?.Percent, NpgsqlDbType.Numeric),
            Null(r.Value?.Count, NpgsqlDbType.Bigint),
            Null(r.Value?.Done, NpgsqlDbType.Boolean),
            Null(r.Progress?.Status.ToString(), NpgsqlDbType.Varchar),
            Null(r.Progress?.PercentComplete, NpgsqlDbType.Integer),
            Null(r.Progress?.Note, NpgsqlDbType.Varchar),
            Null(r.Feedback, NpgsqlDbType.Varchar),
            new() { Value = r.SubmittedBy },
            new() { Value = r.SubmitterRole },
            Null(r.SubmitterAgency, NpgsqlDbType.Varchar),
            new() { Value = r.SubmittedAt },
            new() { Value = r.IsLate },
            new() { Value = r.Status.ToString() },
            Null(r.ReviewedBy, NpgsqlDbType.Varchar),
            Null(r.ReviewedAt, NpgsqlDbType.TimestampTz),
            Null(r.ReturnReasonCode, NpgsqlDbType.Varchar),
            Null(r.ReturnReason, NpgsqlDbType.Varchar),
            Null(r.FixBy, NpgsqlDbType.TimestampTz),
            // As EF Core maps the owned collections to JSON: each object's properties under their own names.
            new() { Value = JsonSerializer.Serialize(r.Evidence, EfJson), NpgsqlDbType = NpgsqlDbType.Jsonb },
            new() { Value = JsonSerializer.Serialize(r.FieldComments, EfJson), NpgsqlDbType = NpgsqlDbType.Jsonb },
        },
    };

    static readonly JsonSerializerOptions EfJson = new();

    static NpgsqlParameter Null(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    // What the audit trail records of an added entity (as AuditInterceptor would from EF Core's entries): every
    // property under its camel-case name, owned parts in full.
    static Dictionary<string, object?> AuditValues(Submission s) => new()
    {
        ["id"] = s.Id,
        ["obligationId"] = s.ObligationId,
        ["agencyCode"] = s.AgencyCode,
        ["period"] = s.Period,
        ["subject"] = s.Subject,
        ["latestRevision"] = s.LatestRevision,
        ["status"] = s.Status,
        ["acceptedRevision"] = s.AcceptedRevision,
        ["isLate"] = s.IsLate,
        ["onTime"] = s.OnTime,
        ["firstSubmittedAt"] = s.FirstSubmittedAt,
        ["updatedAt"] = s.UpdatedAt,
        ["rowVersion"] = s.RowVersion,
    };

    static Dictionary<string, object?> AuditValues(Revision r) => new()
    {
        ["submissionId"] = r.SubmissionId,
        ["number"] = r.Number,
        ["feedback"] = r.Feedback,
        ["submittedBy"] = r.SubmittedBy,
        ["submitterRole"] = r.SubmitterRole,
        ["submitterAgency"] = r.SubmitterAgency,
        ["submittedAt"] = r.SubmittedAt,
        ["isLate"] = r.IsLate,
        ["status"] = r.Status,
        ["reviewedBy"] = r.ReviewedBy,
        ["reviewedAt"] = r.ReviewedAt,
        ["returnReasonCode"] = r.ReturnReasonCode,
        ["returnReason"] = r.ReturnReason,
        ["fixBy"] = r.FixBy,
        ["value"] = r.Value,
        ["progress"] = r.Progress,
        ["evidence"] = r.Evidence,
        ["fieldComments"] = r.FieldComments,
    };

    sealed class Closing(SubmissionsDb db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await db.Database.CloseConnectionAsync();
    }
}
