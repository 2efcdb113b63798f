using System.Net;
using System.Text.Json;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Tests.Support;
using DxTrack.TestSupport;

namespace DxTrack.Targets.Tests.Api;

public sealed class DashboardCacheTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    string Key => app.RedisPrefix + "dashboard:summary";

    [Fact]
    public async Task The_dashboard_summary_is_served_from_Redis_and_refreshed_by_a_SubmissionReceived_event()
    {
        var code = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
        var obligation = await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
            .ReadAsync<ObligationView>(HttpStatusCode.Created);

        var first = await app.Client(DxRoles.Viewer).GetAsync<SummaryView>("/api/dashboard/summary");
        Assert.Equal(1, first.OpenObligations);
        Assert.Equal(0, first.FulfilledObligations);
        var redis = app.Redis!.GetDatabase();
        Assert.True(await redis.KeyExistsAsync(Key), "the first read fills Redis");

        // Prove the next answer comes from Redis: a marker written there is what the API returns.
        var cached = JsonSerializer.Deserialize<JsonElement>((string)(await redis.StringGetAsync(Key))!);
        var marked = cached.GetRawText().Replace("\"activeAgencies\":1", "\"activeAgencies\":4242");
        await redis.StringSetAsync(Key, marked);
        Assert.Equal(4242, (await app.Client(DxRoles.Viewer).GetAsync<SummaryView>("/api/dashboard/summary")).ActiveAgencies);

        await app.Bus.PublishAsync(new SubmissionReceived(Guid.NewGuid(), obligation.Id, code, 1, DateTimeOffset.UtcNow, false));

        var refreshed = await Eventually.Until(() => app.Client(DxRoles.Viewer).GetAsync<SummaryView>("/api/dashboard/summary"),
            s => s.FulfilledObligations == 1, because: "the event evicts the cached summary");
        Assert.Equal(0, refreshed.OpenObligations);
        Assert.Equal(1, refreshed.ActiveAgencies);
    }

    [Fact]
    public async Task Many_readers_of_an_empty_cache_share_one_computation()
    {
        await app.Redis!.GetDatabase().KeyDeleteAsync(Key);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            app.Client(DxRoles.Viewer).GetAsync<ComputedAtView>("/api/dashboard/summary")));

        Assert.Single(answers.Select(a => a.ComputedAt).Distinct());
    }

    sealed record ComputedAtView(DateTimeOffset ComputedAt);
}

/// <summary>Reports applied a batch at a time: a fixture of its own, as the summary's exact counts above need theirs.</summary>
public sealed class DashboardEvictionTests(TargetsApp app) : IClassFixture<TargetsApp>
{
    [Fact]
    public async Task Reports_applied_together_evict_every_reporting_agencys_cached_drill_down()
    {
        var reports = new List<(string Agency, Guid Obligation)>();
        for (var i = 0; i < 8; i++)
        {
            var code = Builders.UniqueCode();
            await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
            var obligation = await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
                .ReadAsync<ObligationView>(HttpStatusCode.Created);
            reports.Add((code, obligation.Id));
            await app.Client(DxRoles.Viewer).GetAsync<AgencyDrillDownView>($"/api/dashboard/agencies/{code}");
            Assert.True(await app.Redis!.GetDatabase().KeyExistsAsync(app.RedisPrefix + "dashboard:agency:" + code),
                "the first read fills Redis");
        }

        // Published together, so they are applied in batches; each batch must evict each of its agencies' views.
        await Task.WhenAll(reports.Select(r =>
            app.Bus.PublishAsync(new SubmissionReceived(Guid.NewGuid(), r.Obligation, r.Agency, 1, DateTimeOffset.UtcNow, false))));

        // Well within the cached copies' lifetime (DashboardCacheSeconds, 60 s): only an eviction shows the report.
        foreach (var (agency, _) in reports)
            await Eventually.Until(() => app.Client(DxRoles.Viewer).GetAsync<AgencyDrillDownView>($"/api/dashboard/agencies/{agency}"),
                d => d.Obligations.Single().Status == DxTrack.Targets.Obligations.ObligationStatus.Fulfilled,
                TimeSpan.FromSeconds(20), because: $"{agency}'s cached drill-down should be evicted by its report");
    }
}

/// <summary>The service pointed at a port where nothing listens: Redis is down from the start.</summary>
public sealed class RedisDownApp : TargetsApp
{
    protected override string ServiceRedis(string real) => "127.0.0.1:1";

    protected override bool RedisReachable => false;
}

public sealed class DashboardWithoutRedisTests(RedisDownApp app) : IClassFixture<RedisDownApp>
{
    [Fact]
    public async Task With_Redis_down_the_dashboard_still_answers_from_PostgreSQL()
    {
        var code = Builders.UniqueCode();
        // Writes evict the cache; with Redis gone they must still succeed.
        await (await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code))).ReadAsync<AgencyView>(HttpStatusCode.Created);
        await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
            .ReadAsync<ObligationView>(HttpStatusCode.Created);

        for (var i = 0; i < 3; i++)
        {
            var summary = await app.Client(DxRoles.Viewer).GetAsync<SummaryView>("/api/dashboard/summary");
            Assert.Equal(1, summary.OpenObligations);
            Assert.Equal(1, summary.ActiveAgencies);
        }
    }
}

/// <summary>The service reaches Redis through a relay the test can cut and restore.</summary>
public sealed class RelayedRedisApp : TargetsApp
{
    public TcpRelay Relay { get; private set; } = null!;

    protected override string ServiceRedis(string real)
    {
        Relay = TcpRelay.To(real);
        return Relay.Endpoint;
    }
}

public sealed class DashboardRedisRecoveryTests(RelayedRedisApp app) : IClassFixture<RelayedRedisApp>
{
    [Fact]
    public async Task When_Redis_goes_away_the_dashboard_answers_from_PostgreSQL_and_uses_Redis_again_once_it_is_back()
    {
        var key = app.RedisPrefix + "dashboard:summary";
        var code = Builders.UniqueCode();
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
        await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code));
        Assert.Equal(1, (await app.Client(DxRoles.Viewer).GetAsync<SummaryView>("/api/dashboard/summary")).OpenObligations);
        Assert.True(await app.Redis!.GetDatabase().KeyExistsAsync(key));

        app.Relay.Stop();
        await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code, "2026-Q3", "2026-09-30"));
        var whileDown = await app.Client(DxRoles.Viewer).GetAsync<SummaryView>("/api/dashboard/summary");
        Assert.Equal(2, whileDown.OpenObligations); // fresh from PostgreSQL, not the stale copy still in Redis

        app.Relay.Start();
        await Eventually.Until(async () =>
        {
            var summary = await app.Client(DxRoles.Viewer).GetAsync<SummaryView>("/api/dashboard/summary");
            var cached = await app.Redis.GetDatabase().StringGetAsync(key);
            return summary.OpenObligations == 2 && cached.HasValue && cached.ToString().Contains("\"openObligations\":2");
        }, because: "the service reconnects and refills Redis by itself");
    }

    [Fact]
    public async Task With_Redis_cut_a_drill_down_answers_from_PostgreSQL_with_the_same_ETag_and_shows_a_report_received_meanwhile()
    {
        var code = Builders.UniqueCode();
        var url = $"/api/dashboard/agencies/{code}";
        var key = app.RedisPrefix + "dashboard:agency:" + code;
        await app.Client().PostJsonAsync("/api/targets/agencies", Builders.Agency(code));
        var obligation = await (await app.Client().PostJsonAsync("/api/targets/obligations", Builders.AdHocObligation(code)))
            .ReadAsync<ObligationView>(HttpStatusCode.Created);
        var first = await app.Client(DxRoles.Viewer).GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(await app.Redis!.GetDatabase().KeyExistsAsync(key), "the first read fills Redis");

        app.Relay.Stop();
        try
        {
            // The same figures from PostgreSQL carry the same tag: a polling client is not disturbed by the outage.
            var poll = new HttpRequestMessage(HttpMethod.Get, url);
            poll.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await app.Client(DxRoles.Viewer).SendAsync(poll, TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.Client(DxRoles.Viewer).GetAsync("/api/dashboard/overview", TestContext.Current.CancellationToken)).StatusCode);

            await app.Bus.PublishAsync(new SubmissionReceived(Guid.NewGuid(), obligation.Id, code, 1, DateTimeOffset.UtcNow, false));
            await Eventually.Until(() => app.Client(DxRoles.Viewer).GetAsync<AgencyDrillDownView>(url),
                d => d.Obligations.Single().Status == DxTrack.Targets.Obligations.ObligationStatus.Fulfilled,
                because: "the report is read from PostgreSQL while Redis is away");
        }
        finally
        {
            app.Relay.Start();
        }

        // Back on Redis: the copy cached before the outage (still "open") must not come back.
        await Eventually.Until(async () =>
        {
            var drill = await app.Client(DxRoles.Viewer).GetAsync<AgencyDrillDownView>(url);
            var cached = await app.Redis.GetDatabase().StringGetAsync(key);
            return drill.Obligations.Single().Status == DxTrack.Targets.Obligations.ObligationStatus.Fulfilled
                   && cached.HasValue && cached.ToString().Contains("\"fulfilledAt\":\"");
        }, because: "the service refills Redis with the current drill-down by itself");
    }
}
