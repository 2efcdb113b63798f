using System.Net.Http.Headers;
using DxTrack.Notifications.Delivery;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>
/// The Notifications service on real PostgreSQL, RabbitMQ and SMTP (maildev), with fake time. The
/// scheduler's loop is off: tests run the dispatcher themselves at the fake instants they choose.
/// </summary>
public class NotificationsHost : IAsyncLifetime
{
    /// <summary>Monday 1 March 2027, 08:00 in Asia/Ho_Chi_Minh.</summary>
    public static readonly DateTimeOffset Start = new(2027, 3, 1, 1, 0, 0, TimeSpan.Zero);

    public static readonly TimeZoneInfo Hanoi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
    public const string SigningKey = "notifications-tests-signing-key-0123456789abcdef";
    public const string SecretariatEmail = "vanphong@stttt.example.vn";

    public FakeTimeProvider Clock { get; } = new(Start);
    public TestDatabase Database { get; private set; } = null!;
    public TestVirtualHost Broker { get; private set; } = null!;
    public MailDevServer Mail { get; private set; } = null!;
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    /// <summary>Extra settings of a test class's host.</summary>
    protected virtual void Configure(IDictionary<string, string?> settings) { }

    /// <summary>Services a test class's host replaces (after the fake clock).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public virtual async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("notifications");
        Broker = await TestVirtualHost.CreateAsync("notifications");
        Mail = await MailDevServer.StartAsync();
        Factory = CreateFactory();
        _ = Factory.Server; // starts the host: migrations, bus, consumers' queues
    }

    public WebApplicationFactory<Program> CreateFactory(Action<IDictionary<string, string?>>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:notificationsdb"] = Database.ConnectionString,
            ["ConnectionStrings:messaging"] = Broker.AmqpUri,
            ["ConnectionStrings:mail"] = Mail.ConnectionString,
            ["Auth:SigningKey"] = SigningKey,
            ["Notifications:SecretariatEmail"] = SecretariatEmail,
            ["Notifications:Scheduler:Enabled"] = "false",
            ["Notifications:Policy:Holidays:0"] = "2027-04-30",
            ["Notifications:Policy:Holidays:1"] = "2027-05-01",
            ["Messaging:RetryLimit"] = "3",
            ["Messaging:RetryMinInterval"] = "00:00:00.100",
            ["Messaging:RetryMaxInterval"] = "00:00:00.500",
        };
        Configure(settings);
        more?.Invoke(settings);
        return new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            var log = Environment.GetEnvironmentVariable("DXTRACK_TEST_LOG");
            if (!string.IsNullOrEmpty(log)) builder.ConfigureLogging(l => l.AddProvider(new FileLoggerProvider(log)));
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
                ConfigureServices(services);
            });
        });
    }

    public HttpClient Client(string role, string? agency = null)
    {
        var client = Factory.CreateClient();
        // Valid from 2020 for 20 years, so neither the real clock nor the fake one finds it expired.
        var issuer = new DevTokenIssuer(new AuthOptions { SigningKey = SigningKey }, new FakeTimeProvider(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            issuer.Issue(role, agency, $"{role}-{agency ?? "all"}", TimeSpan.FromDays(365 * 20)));
        return client;
    }

    /// <summary>Publishes an event on the real broker, as the other services' outboxes would.</summary>
    public async Task PublishAsync<T>(T message) where T : class =>
        await Factory.Services.GetRequiredService<IBus>().Publish(message, TestContext.Current.CancellationToken);

    /// <summary>Publishes and waits until a consumer has recorded the message in its inbox (applied or ignored).</summary>
    public async Task PublishAndWaitProcessedAsync<T>(T message) where T : class
    {
        var id = NewId.NextGuid();
        await Factory.Services.GetRequiredService<IBus>().Publish(message, ctx => ctx.MessageId = id, TestContext.Current.CancellationToken);
        await Eventually.Until(() => QueryAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == id)), TimeSpan.FromSeconds(30),
            $"{typeof(T).Name} processed");
    }

    /// <summary>Publishes and waits until the service's database shows the effect.</summary>
    public async Task PublishAndWaitAsync<T>(T message, Func<NotificationsDb, Task<bool>> applied) where T : class
    {
        await PublishAsync(message);
        await Eventually.Until(() => QueryAsync(applied), TimeSpan.FromSeconds(30), $"{typeof(T).Name} applied");
    }

    public async Task<TResult> QueryAsync<TResult>(Func<NotificationsDb, Task<TResult>> query)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        return await query(db);
    }

    /// <summary>One scheduler round at the current fake instant.</summary>
    public Task<int> DispatchAsync() =>
        Factory.Services.GetRequiredService<ReminderDispatcher>().DispatchDueAsync(TestContext.Current.CancellationToken);

    /// <summary>Moves fake time forward to the next given local day of week and time (never backwards).</summary>
    public void AdvanceTo(DayOfWeek day, TimeOnly localTime)
    {
        var local = TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), Hanoi);
        var date = DateOnly.FromDateTime(local.DateTime).AddDays(1);
        while (date.DayOfWeek != day) date = date.AddDays(1);
        AdvanceTo(date, localTime);
    }

    public void AdvanceTo(DateOnly date, TimeOnly localTime)
    {
        var target = Local(date, localTime);
        if (target < Clock.GetUtcNow()) throw new InvalidOperationException($"Fake time cannot go back to {target}.");
        Clock.SetUtcNow(target.ToUniversalTime());
    }

    public static DateTimeOffset Local(DateOnly date, TimeOnly time) =>
        new(date.ToDateTime(time), TimeSpan.FromHours(7));

    /// <summary>End of a local day in Asia/Ho_Chi_Minh, as obligations carry it.</summary>
    public static DateTimeOffset EndOfDay(DateOnly date) => Local(date, new TimeOnly(23, 59, 59));

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), Hanoi).DateTime);

    public async Task<int> CountAsync(string sql) => (int)await Database.ScalarAsync<long>(sql);

    public virtual async ValueTask DisposeAsync()
    {
        if (Factory is not null) await Factory.DisposeAsync();
        if (Mail is not null) await Mail.DisposeAsync();
        if (Broker is not null) await Broker.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Reads a NotificationsDb for assertions without tracking.</summary>
public static class NotificationsDbQueries
{
    public static IQueryable<Reminders.Reminder> RemindersOf(this NotificationsDb db, Guid obligationId) =>
        db.Reminders.AsNoTracking().Where(r => r.ObligationId == obligationId);
}
