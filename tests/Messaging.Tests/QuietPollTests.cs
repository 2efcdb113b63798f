using System.Collections.Concurrent;
using System.Diagnostics;
using DxTrack.Messaging.Outbox;
using DxTrack.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace DxTrack.Messaging.Tests;

/// <summary>
/// A background loop that finds nothing to do leaves no trace: the outbox dispatcher looks for rows several times a
/// second in every service, and each look used to be a root trace of its own database calls. When it finds rows, what
/// it records is each publish, in the trace of the request that wrote the row.
/// </summary>
public sealed class QuietPollTests : IAsyncLifetime
{
    const string RequestsSource = "DxTrack.Messaging.Tests.QuietRequests";
    static readonly ActivitySource Requests = new(RequestsSource);
    static readonly CancellationToken Ct = CancellationToken.None;

    TestDatabase _db = null!;
    TestVirtualHost _vhost = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("quiet");
        _vhost = await TestVirtualHost.CreateAsync("quiet");
        await using var raw = RawDb.Open(_db);
        await raw.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _vhost.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task An_outbox_round_that_finds_nothing_records_no_span()
    {
        await using var publisher = await MessagingHost.StartAsync(_db, _vhost, "publisher");
        var spans = new SpanCollector();
        using (Tracing(spans))
        {
            // The host's own loop polls every 200 ms meanwhile.
            for (var i = 0; i < 10; i++) Assert.Equal(0, await publisher.Dispatcher.DispatchOnceAsync(Ct));
        }

        Assert.Empty(spans.Of(_db.Name));
    }

    [Fact]
    public async Task A_round_with_work_records_only_its_publishes_in_the_requests_trace()
    {
        await using var publisher = await MessagingHost.StartAsync(_db, _vhost, "publisher",
            settings: new Dictionary<string, string?> { ["Messaging:Outbox:PollInterval"] = "00:10:00" });
        var spans = new SpanCollector();
        ActivityTraceId request;
        Guid messageId;
        using (Tracing(spans))
        {
            using (var activity = Requests.StartActivity("POST /api/widgets", ActivityKind.Server))
            {
                Assert.NotNull(activity);
                request = activity.TraceId;
                await using var db = RawDb.Open(_db); // another process: no wake-up for this host
                var widget = Guid.NewGuid();
                db.Widgets.Add(new Widget { Id = widget, Name = "traced" });
                messageId = db.PublishToOutbox(new WidgetChanged(widget, 1), TimeProvider.System, widget.ToString()).MessageId;
                await db.SaveChangesAsync(Ct);
            }
            // This round publishes the row, unless the host's own first round, when it starts late, holds the lock
            // and takes it: either way the row leaves once, while the spans are still being recorded.
            await publisher.Dispatcher.DispatchOnceAsync(Ct);
            await Eventually.Until(async () =>
            {
                using var untraced = SuppressInstrumentationScope.Begin(); // the test's own look is not the system's
                return await _db.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL") == 0;
            });
        }

        // The publish is in the request's trace (other tests publish their own rows meanwhile)…
        var publish = Assert.Single(spans.All, a => a.Source.Name == "DxTrack.Messaging"
                                                    && Equals(a.GetTagItem("messaging.message.id"), messageId));
        Assert.Equal(request, publish.TraceId);
        // …and so is the request's own insert, while nothing of the round starts a trace of its own.
        Assert.NotEmpty(spans.Of(_db.Name));
        Assert.All(spans.Of(_db.Name), a => Assert.Equal(request, a.TraceId));
    }

    // Every activity the sources start, recorded as the services' tracer provider would export it.
    static TracerProvider Tracing(SpanCollector spans) =>
        Sdk.CreateTracerProviderBuilder()
            .AddSource("Npgsql", "DxTrack.Messaging", "MassTransit", RequestsSource)
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(spans)
            .Build()!;

    sealed class SpanCollector : BaseProcessor<Activity>
    {
        readonly ConcurrentQueue<Activity> _ended = new();

        public IReadOnlyList<Activity> All => _ended.ToList();

        /// <summary>The spans that name <paramref name="database"/> (other tests run their own databases meanwhile).</summary>
        public IReadOnlyList<Activity> Of(string database) =>
            _ended.Where(a => a.TagObjects.Any(t => t.Value is string s && s.Contains(database))).ToList();

        public override void OnEnd(Activity data) => _ended.Enqueue(data);
    }
}
