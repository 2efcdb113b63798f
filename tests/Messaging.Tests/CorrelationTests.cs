using System.Diagnostics;
using DxTrack.Messaging.Outbox;
using DxTrack.TestSupport;

namespace DxTrack.Messaging.Tests;

/// <summary>A request's correlation id follows its events: outbox row, message header, the consumer's own work.</summary>
public sealed class CorrelationTests : IAsyncLifetime
{
    TestDatabase _db = null!;
    TestVirtualHost _vhost = null!;
    MessagingHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("correlation");
        _vhost = await TestVirtualHost.CreateAsync("correlation");
        await using (var raw = RawDb.Open(_db))
            await raw.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        _host = await MessagingHost.StartAsync(_db, _vhost, "correlation", bus => bus.AddConsumer<ApplyWidgetChangedConsumer>());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _vhost.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task The_id_of_the_request_that_wrote_an_event_is_current_in_its_consumer_and_never_in_another_one()
    {
        var correlated = await WriteAsync("req-7f3a-correlated");
        var plain = await WriteAsync(null);

        await Eventually.Until(() => Task.FromResult(_host.Recorder.Correlations.ContainsKey(correlated) && _host.Recorder.Correlations.ContainsKey(plain)),
            because: "both events are dispatched and consumed");

        Assert.Equal("req-7f3a-correlated", _host.Recorder.Correlations[correlated]);
        Assert.Null(_host.Recorder.Correlations[plain]);
        Assert.Equal("req-7f3a-correlated", await _db.ScalarAsync<string>(
            $"SELECT correlation_id FROM outbox_messages WHERE aggregate_key = '{correlated}'"));
    }

    // A change and its event, written as a request of the given correlation id would (the id as activity baggage).
    async Task<Guid> WriteAsync(string? correlation)
    {
        var id = Guid.NewGuid();
        using var request = new Activity("request").Start();
        if (correlation is not null) request.SetBaggage(Correlation.BaggageKey, correlation);
        await using var db = RawDb.Open(_db);
        db.Widgets.Add(new Widget { Id = id, Name = "correlated" });
        db.PublishToOutbox(new WidgetChanged(id, 1), TimeProvider.System, id.ToString());
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return id;
    }
}
