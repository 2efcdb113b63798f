using System.Net.Http.Headers;
using System.Net.Http.Json;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;
using Npgsql;

namespace DxTrack.Faults.Tests;

/// <summary>
/// The whole system on private servers, every piece a real process the drills may stop or kill:
/// two PostgreSQL servers (one for Submissions alone, so its outage is its own; one for Targets,
/// Notifications and the gateway), RabbitMQ, Redis, an SMTP sink, and the four services started from
/// their build output the way the AppHost starts them. Nothing here touches the shared test servers.
/// </summary>
public sealed class FaultSystem : IAsyncLifetime
{
    public const string SigningKey = "fault-drills-signing-key-not-a-secret-0123456789";
    public const string CachePrefix = "dxfaults:targets:";

    readonly DevTokenIssuer _issuer = new(
        new AuthOptions { SigningKey = SigningKey, Issuer = "dxtrack-dev", Audience = "dxtrack" }, TimeProvider.System);
    readonly List<ServiceProcess> _extraNotifications = [];

    public string Folder { get; } = Path.Combine("/tmp", "dxtrack-faults-" + Guid.NewGuid().ToString("N")[..8]);
    public PostgresServer Postgres { get; private set; } = null!;
    public PostgresServer SubmissionsPostgres { get; private set; } = null!;
    public RabbitServer Rabbit { get; private set; } = null!;
    public RedisServer Redis { get; private set; } = null!;
    public SmtpSink Smtp { get; } = new();

    public ServiceProcess Targets { get; private set; } = null!;
    public ServiceProcess Submissions { get; private set; } = null!;
    public ServiceProcess Notifications { get; private set; } = null!;
    public ServiceProcess Gateway { get; private set; } = null!;

    /// <summary>The services' consumer queues, as declared at the first start (their consumers must come back).</summary>
    public IReadOnlyList<string> ConsumerQueues { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        DrillReport.Step("starting the servers");
        Leftovers.EndAbandonedRuns();
        Directory.CreateDirectory(Folder);
        Leftovers.Claim(Folder);
        // The postgres user must reach its data folders inside.
        File.SetUnixFileMode(Folder, (UnixFileMode)0b111_101_101);
        Postgres = new PostgresServer("postgres", Folder);
        SubmissionsPostgres = new PostgresServer("postgres-submissions", Folder);
        Rabbit = new RabbitServer(Folder);
        Redis = new RedisServer(Folder);
        await Task.WhenAll(Postgres.StartAsync(), SubmissionsPostgres.StartAsync(), Rabbit.StartAsync(), Redis.StartAsync());
        DrillReport.Step("servers up (two PostgreSQL, RabbitMQ, Redis)");

        Submissions = new ServiceProcess("submissions", "Submissions", Folder, Environment("submissions"));
        Notifications = NewNotifications("notifications");
        Targets = new ServiceProcess("targets", "Targets", Folder, Environment("targets"));
        Gateway = new ServiceProcess("gateway", "Gateway", Folder, Environment("gateway"));
        // All at once: Targets publishes nothing until a drill changes the plan (no demo data), and by then
        // every consumer's queue is bound (each service's start waits for its bus).
        await Task.WhenAll(Submissions.StartAsync(), Notifications.StartAsync(), Targets.StartAsync(), Gateway.StartAsync());
        DrillReport.Step("services up (Submissions, Notifications, Targets, gateway)");

        ConsumerQueues = (await Rabbit.QueuesAsync()).Select(q => q.Name)
            .Where(n => (n.StartsWith("targets-") || n.StartsWith("submissions-") || n.StartsWith("notifications-"))
                        && !n.EndsWith("_error") && !n.EndsWith("_skipped"))
            .Order().ToList();
    }

    /// <summary>A Notifications instance; <paramref name="extra"/> adds or overrides settings (e.g. the send time).</summary>
    public ServiceProcess NewNotifications(string name, IReadOnlyDictionary<string, string>? extra = null, int? port = null)
    {
        var env = Environment("notifications");
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) env[k] = v;
        var process = new ServiceProcess(name, "Notifications", Folder, env, port);
        if (name != "notifications") _extraNotifications.Add(process);
        return process;
    }

    /// <summary>Replaces the main Notifications process (stopped beforehand by the caller) with one built with other settings.</summary>
    public async Task ReplaceNotificationsAsync(ServiceProcess replacement)
    {
        await Notifications.DisposeAsync();
        _extraNotifications.Remove(replacement);
        Notifications = replacement;
    }

    Dictionary<string, string> Environment(string service)
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Auth__SigningKey"] = SigningKey,
            ["Auth__Issuer"] = "dxtrack-dev",
            ["Auth__Audience"] = "dxtrack",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__DxTrack"] = "Warning",
        };
        if (service != "gateway")
        {
            env["ConnectionStrings__messaging"] = Rabbit.AmqpUri;
            // A poison message reaches its error queue in seconds, not the production minutes; the
            // retries still span several seconds, because under load an event can arrive before the one it
            // depends on (an obligation's cancellation before its opening) and must wait for it.
            env["Messaging__RetryLimit"] = "6";
            env["Messaging__RetryMinInterval"] = "00:00:00.200";
            env["Messaging__RetryMaxInterval"] = "00:00:02";
            // After a broker outage the outbox tries again within seconds (production backs off up to 30 s).
            env["Messaging__Outbox__MaxBackoff"] = "00:00:02";
            env["Messaging__Outbox__PublishTimeout"] = "00:00:05";
        }
        switch (service)
        {
            case "targets":
                env["ConnectionStrings__targetsdb"] = Postgres.ConnectionString("targetsdb");
                env["ConnectionStrings__cache"] = Redis.Configuration;
                env["Targets__SeedDemoData"] = "false";
                env["Targets__CacheKeyPrefix"] = CachePrefix;
                env["Targets__RedisRetryAfterSeconds"] = "1";
                break;
            case "submissions":
                env["ConnectionStrings__submissionsdb"] = SubmissionsPostgres.ConnectionString("submissionsdb");
                break;
            case "notifications":
                env["ConnectionStrings__notificationsdb"] = Postgres.ConnectionString("notificationsdb");
                env["ConnectionStrings__mail"] = $"smtp://127.0.0.1:{Smtp.Port}";
                env["Notifications__Scheduler__Interval"] = "00:00:01";
                break;
            case "gateway":
                env["ConnectionStrings__gatewaydb"] = Postgres.ConnectionString("gatewaydb");
                env["services__targets__http__0"] = Targets.Url.ToString().TrimEnd('/');
                env["services__submissions__http__0"] = Submissions.Url.ToString().TrimEnd('/');
                env["services__notifications__http__0"] = Notifications.Url.ToString().TrimEnd('/');
                // The drills are one caller sending thousands of requests; the limits are not what they test.
                env["Gateway__RateLimit__PermitsPerMinute"] = "1000000";
                env["Gateway__RateLimit__AnonymousPermitsPerMinute"] = "1000000";
                break;
        }
        return env;
    }

    /// <summary>A client of the gateway with a bearer token for the role (and agency, for a reporter).</summary>
    public HttpClient Client(string role, string? agencyCode = null)
    {
        var client = new HttpClient { BaseAddress = Gateway.Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            _issuer.Issue(role, agencyCode, subject: $"faults-{role}{(agencyCode is null ? "" : "-" + agencyCode)}", name: $"Fault drill {role}"));
        return client;
    }

    // ---- databases ---------------------------------------------------------------------------------

    /// <summary>
    /// The drills' own connection string to a database. Never pooled: a pooled connection would not
    /// survive the server restarts the drills cause.
    /// </summary>
    public string Db(string database) => (database == "submissionsdb"
        ? SubmissionsPostgres.ConnectionString(database)
        : Postgres.ConnectionString(database)) + ";Pooling=false";

    public async Task<long> CountAsync(string database, string sql, params object[] parameters)
    {
        await using var conn = new NpgsqlConnection(Db(database));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public async Task<List<T>> ListAsync<T>(string database, string sql, params object[] parameters)
    {
        await using var conn = new NpgsqlConnection(Db(database));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        var list = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetFieldValue<T>(0));
        return list;
    }

    // ---- the domain, through the gateway ----------------------------------------------------------

    static readonly TimeZoneInfo Province = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    public static DateTime LocalNow => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Province).DateTime;

    /// <summary>
    /// Registers an agency with one working contact whose mail goes to <c>{code}@faults.test</c>, or with
    /// none (then Notifications plans no reminders for it: less work when only the events are counted).
    /// </summary>
    public async Task CreateAgencyAsync(string code, bool withContact = true)
    {
        using var secretariat = Client("secretariat");
        var reply = await Reply.SendAsync(secretariat, new HttpRequestMessage(HttpMethod.Post, "/api/targets/agencies")
        {
            Content = JsonContent.Create(new
            {
                code,
                name = $"Sở thử nghiệm {code}",
                kind = "Department",
                parentCode = (string?)null,
                contacts = withContact
                    ? new[] { new { name = "Nguyễn Văn Thử", email = $"{code.ToLowerInvariant()}@faults.test", phone = "0912345678", isHead = false } }
                    : [],
            }),
        });
        if (reply.Code != 201) throw new InvalidOperationException($"Creating agency {code}: {reply}");
    }

    /// <summary>Opens <paramref name="count"/> obligations for the agency, due on <paramref name="due"/>; returns their ids.</summary>
    public async Task<List<Guid>> OpenObligationsAsync(string agency, int count, DateOnly due, int parallel = 8)
    {
        using var secretariat = Client("secretariat");
        var today = DateOnly.FromDateTime(LocalNow);
        var period = $"{today.Year}-Q{(today.Month - 1) / 3 + 1}";
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var reply = await Reply.SendAsync(secretariat, new HttpRequestMessage(HttpMethod.Post, "/api/targets/obligations")
            {
                Content = JsonContent.Create(new { agencyCode = agency, title = $"Báo cáo tiến độ số {i}", period, dueDate = due.ToString("yyyy-MM-dd") }),
            }, ct);
            if (reply.Code != 201) throw new InvalidOperationException($"Opening obligation {i} of {agency}: {reply}");
            ids.Add(Guid.Parse(reply.Text("id")!));
        });
        return ids.ToList();
    }

    /// <summary>Waits until Submissions and Notifications both hold the obligations (ObligationOpened travelled).</summary>
    public async Task WaitForReplicasAsync(IReadOnlyCollection<Guid> ids, TimeSpan? timeout = null)
    {
        var array = ids.ToArray();
        await Eventually.Until(async () =>
                await CountAsync("submissionsdb", "SELECT count(*) FROM obligations WHERE \"Id\" = ANY($1)", array) == array.Length &&
                await CountAsync("notificationsdb", "SELECT count(*) FROM obligations WHERE id = ANY($1)", array) == array.Length,
            timeout ?? TimeSpan.FromSeconds(90), $"{array.Length} obligations to reach Submissions and Notifications");
    }

    /// <summary>A task-progress report on an obligation, as its agency's reporter sends it.</summary>
    public static HttpRequestMessage Report(Guid obligationId, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions")
        {
            Content = JsonContent.Create(new { obligationId, progress = new { status = "InProgress", percentComplete = 50, note = "Đang triển khai." } }),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>Every consumer queue has a consumer again (after a broker or service restart), as the broker counts them.</summary>
    public Task WaitForConsumersAsync(TimeSpan? timeout = null) => Eventually.Until(async () =>
            await Rabbit.ConsumerCountsAsync(ConsumerQueues) is { } counts && counts.Values.All(c => c > 0),
        timeout ?? TimeSpan.FromSeconds(90), $"every consumer queue ({string.Join(", ", ConsumerQueues)}) to have its consumer back");

    /// <summary>Every outbox row of every service has been published.</summary>
    public Task WaitForOutboxesAsync(TimeSpan? timeout = null) => Eventually.Until(async () =>
            await CountAsync("submissionsdb", "SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") == 0 &&
            await CountAsync("targetsdb", "SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") == 0 &&
            await CountAsync("notificationsdb", "SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") == 0,
        timeout ?? TimeSpan.FromSeconds(90), "every outbox to be dispatched");

    /// <summary>Logs of every process, for a failure message.</summary>
    public string Logs() => string.Join("\n", new ChildProcess[] { Targets, Submissions, Notifications, Gateway }
        .Where(p => p is not null).Select(p => p.Tail(15)));

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _extraNotifications.ToList()) await p.DisposeAsync();
        foreach (var p in new ChildProcess?[] { Gateway, Targets, Notifications, Submissions })
            if (p is not null) await p.DisposeAsync();
        foreach (var s in new IAsyncDisposable?[] { Rabbit, Redis, Postgres, SubmissionsPostgres, Smtp })
            if (s is not null) await s.DisposeAsync();
        // The servers' and services' logs outlive the run, for whoever reads a failure.
        try
        {
            var logs = Path.Combine(RepositoryRoot, "TestResults", "faults-logs");
            Directory.CreateDirectory(logs);
            foreach (var log in Directory.GetFiles(Folder, "*.log")) File.Copy(log, Path.Combine(logs, Path.GetFileName(log)), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        try { Directory.Delete(Folder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public static string RepositoryRoot { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (Aspire.sln) was not found above " + AppContext.BaseDirectory);
    }
}
