using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DxTrack.Messaging;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Submissions.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DxTrack.Submissions.Idempotency;

/// <summary>
/// Makes a POST safe to retry: the first successful (2xx) answer to a caller's <c>Idempotency-Key</c> is
/// stored in the same transaction as the change, and a retry with the same key and body gets that answer
/// again instead of a second change. The same key with a different request is refused (422). A refused
/// request changed nothing and is not kept, so it can be corrected and sent again with the same key.
/// An endpoint marked <see cref="IdempotentEndpoint.AnsweredByHandler"/> is handed the key as an
/// <see cref="IdempotencyClaim"/> and does the lookup and the storing itself, in its own round trips.
/// </summary>
sealed class IdempotencyFilter(SubmissionsDb db, CurrentUser user, TimeProvider clock, IOptions<JsonOptions> json)
    : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 200;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values)) return await next(context);

        var key = values.ToString();
        if (values.Count != 1 || string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength)
            return Problems.Invalid(Header, $"Send one key of 1 to {MaxKeyLength} characters.");

        var ct = http.RequestAborted;
        var hash = await HashAsync(http.Request, ct);
        if (http.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpoint>() is { ByHandler: true })
        {
            http.Features.Set(new IdempotencyClaim(user.Subject, key, hash));
            return await next(context);
        }

        var first = await FindAsync(key, ct);
        if (first is not null) return Answer(first, hash, http);

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginUnitAsync(ct);
            var result = await next(context);
            var (status, body, location) = Describe(result);
            if (status is < 200 or >= 300)
            {
                // Failures change nothing and are not kept. But a conflict may come from a concurrent
                // request with the same key that has just committed: then its answer is the answer.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                var concurrent = await FindAsync(key, ct);
                return concurrent is null ? result : Answer(concurrent, hash, http);
            }

            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Caller = user.Subject,
                Key = key,
                RequestHash = hash,
                StatusCode = status,
                ResponseBody = body,
                Location = location,
                CreatedAt = clock.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // The same key was used concurrently and the other request committed first: undo ours.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                var winner = await FindAsync(key, ct);
                return winner is null ? result : Answer(winner, hash, http);
            }
            await tx.CommitAsync(ct);
            return result;
        });
    }

    Task<IdempotencyRecord?> FindAsync(string key, CancellationToken ct) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Caller == user.Subject && r.Key == key, ct);

    static object Answer(IdempotencyRecord first, string hash, HttpContext http) =>
        first.RequestHash != hash ? IdempotencyClaim.KeyReused() : new IdempotentReplay(first);

    (int Status, string? Body, string? Location) Describe(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var value = (result as IValueHttpResult)?.Value;
        var body = value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);
        var location = result?.GetType().GetProperty("Location")?.GetValue(result) as string;
        return (status, body, location);
    }

    /// <summary>
    /// Method, path and the body as canonical JSON: a retry that serialises the same request with its
    /// properties in another order, or other whitespace, is the same request. A body that is not JSON
    /// (the endpoint refuses it, so it is never stored) is hashed as sent.
    /// </summary>
    static async Task<string> HashAsync(HttpRequest request, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var canonical = await CanonicalJson.OfAsync(request.Body, ct);
            if (canonical is not null) sha.AppendData(canonical);
            else
            {
                request.Body.Position = 0;
                var buffer = new byte[8192];
                int read;
                while ((read = await request.Body.ReadAsync(buffer, ct)) > 0) sha.AppendData(buffer, 0, read);
            }
            request.Body.Position = 0;
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
