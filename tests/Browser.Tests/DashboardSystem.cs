extern alias targets;
extern alias gateway;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DxTrack.Contracts;
using DxTrack.ServiceDefaults.Security;
using DxTrack.TestSupport;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxTrack.Browser.Tests;

/// <summary>
/// Targets with the Bắc Kạn demo plan and the gateway in front of it, both on real Kestrel ports over the shared
/// test servers, a year of accepted reports delivered as events, and Debian's chromium driven by Playwright.
/// </summary>
public sealed class DashboardSystem : IAsyncLifetime
{
    public const string SigningKey = "browser-tests-signing-key-0123456789abcdef";
    public const string Chromium = "/usr/bin/chromium";

    readonly List<IAsyncDisposable> _owned = [];
    IPlaywright? _playwright;

    public string Gateway { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public DevTokenIssuer Issuer { get; } = new(new AuthOptions { SigningKey = SigningKey }, TimeProvider.System);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing: run scripts/prereqs.sh --with-browser (./test.sh does).");

        var bus = await TestVirtualHost.CreateAsync("browser");
        _owned.Add(bus);
        var (redis, prefix) = await TestRedis.CreateAsync("browser");
        var targetsDb = await TestDatabase.CreateAsync("browser_targets");
        _owned.Add(targetsDb);
        var gatewayDb = await TestDatabase.CreateAsync("browser_gateway");
        _owned.Add(gatewayDb);

        // One after the other: the test host finds each service's entry point through process-wide hooks.
        var targetsAddress = Start(new WebApplicationFactory<targets::Program>(), new()
        {
            ["ConnectionStrings:targetsdb"] = targetsDb.ConnectionString,
            ["ConnectionStrings:messaging"] = bus.AmqpUri,
            ["ConnectionStrings:cache"] = redis,
            ["Auth:SigningKey"] = SigningKey,
            ["Targets:CacheKeyPrefix"] = prefix,
            ["Targets:SeedDemoData"] = "true",
        });
        Gateway = Start(new WebApplicationFactory<gateway::Program>(), new()
        {
            ["ConnectionStrings:gatewaydb"] = gatewayDb.ConnectionString,
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:DevIssuer:Enabled"] = "true",
            ["Gateway:Services:Targets"] = targetsAddress,
            // Not reached by the dashboard page.
            ["Gateway:Services:Submissions"] = "http://127.0.0.1:9",
            ["Gateway:Services:Notifications"] = "http://127.0.0.1:9",
            ["Gateway:RateLimit:PermitsPerMinute"] = "100000",
            ["Gateway:RateLimit:AnonymousPermitsPerMinute"] = "100000",
        });

        await ReportAYearAsync(bus.AmqpUri);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    string Start<TProgram>(WebApplicationFactory<TProgram> factory, Dictionary<string, string?> settings) where TProgram : class
    {
        var configured = factory.WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });
        configured.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        configured.StartServer();
        _owned.Add(configured);
        _owned.Add(factory);
        return configured.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    /// <summary>A client of the gateway with a token for the role.</summary>
    public HttpClient Client(string role = DxRoles.Viewer, string? agency = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(Gateway) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.Issue(role, agency, $"browser-{role}"));
        return client;
    }

    /// <summary>
    /// The 2023 plan's government targets as agencies might have reported them: the first on track, the second at
    /// risk, the third off track, the fourth not reported; most reports on time, a few late. Delivered the way
    /// Submissions delivers them: SubmissionAccepted events.
    /// </summary>
    async Task ReportAYearAsync(string amqpUri)
    {
        var secretariat = Client(DxRoles.Secretariat);
        await Eventually.Until(() => secretariat.GetFromJsonAsync<Page<PlanRow>>("/api/targets/plans", Json, Ct),
            p => p!.Items.Count(x => x.Status == "Approved") == 2, because: "the demo plans are loaded and approved");
        var plans = (await secretariat.GetFromJsonAsync<Page<PlanRow>>("/api/targets/plans", Json, Ct))!.Items;
        var annual = plans.Single(p => p.Code == "KH-CDS-2023").Id;
        var multiYear = plans.Single(p => p.Code == "KH-CDS-2022-2025").Id;

        var reports = new List<(Guid Plan, string Indicator, string Agency, string Period, IndicatorValue Value, bool Late)>();
        void Ratio(Guid plan, string indicator, string agency, string period, decimal n, decimal d, bool late = false) =>
            reports.Add((plan, indicator, agency, period, new IndicatorValue(Numerator: n, Denominator: d), late));
        void Percent(string indicator, string agency, string period, decimal p) =>
            reports.Add((annual, indicator, agency, period, new IndicatorValue(Percent: p), false));

        (decimal, decimal)[] vp = [(40, 100), (55, 100), (70, 100), (92, 100)], stttt = [(35, 80), (50, 80), (65, 80), (78, 80)];
        for (var q = 0; q < 4; q++)
        {
            Ratio(annual, "CQS-01", "VP-UBND", $"2023-Q{q + 1}", vp[q].Item1, vp[q].Item2);
            Ratio(annual, "CQS-01", "STTTT", $"2023-Q{q + 1}", stttt[q].Item1, stttt[q].Item2, late: q == 2);
        }
        Ratio(annual, "CQS-02", "VP-UBND", "2023-Q2", 10, 100);
        Ratio(annual, "CQS-02", "VP-UBND", "2023-Q3", 24, 100);
        Ratio(annual, "CQS-02", "VP-UBND", "2023-Q4", 38, 100, late: true);
        Percent("CQS-03", "SNV", "2023-Q4", 60);
        Percent("CQS-03", "STTTT", "2023-Q4", 55);
        Percent("CQS-03", "VP-UBND", "2023-Q4", 70);
        Percent("CQS-03", "H-BABE", "2023-Q4", 40);
        Ratio(multiYear, "CQS-01", "VP-UBND", "2023", 70, 100);
        Ratio(multiYear, "CQS-01", "STTTT", "2023", 62, 100);

        var broker = new Uri(amqpUri);
        var user = broker.UserInfo.Split(':', 2);
        var publisher = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker, h =>
        {
            h.Username(Uri.UnescapeDataString(user[0]));
            h.Password(Uri.UnescapeDataString(user[1]));
        }));
        await publisher.StartAsync(Ct);
        try
        {
            foreach (var r in reports)
            {
                var obligation = (await secretariat.GetFromJsonAsync<Page<ObligationRow>>(
                    $"/api/targets/obligations?planId={r.Plan}&subject=Indicator&agency={r.Agency}&period={r.Period}", Json, Ct))!
                    .Items.Single(o => o.SubjectCode == r.Indicator);
                var at = r.Late ? obligation.DueAt.AddDays(5) : obligation.DueAt.AddDays(-3);
                await publisher.Publish(new SubmissionAccepted(Guid.NewGuid(), obligation.Id, r.Agency, 1, ObligationSubject.Indicator,
                    obligation.SubjectId, r.Period, r.Value, null, r.Late, at), Ct);
            }
        }
        finally
        {
            await publisher.StopAsync(Ct);
        }

        var viewer = Client();
        await Eventually.Until(async () =>
        {
            var overview = await viewer.GetFromJsonAsync<JsonElement>("/api/dashboard/overview", Ct);
            return overview.GetProperty("pillars").EnumerateArray().SelectMany(p => p.GetProperty("indicators").EnumerateArray())
                .Sum(i => i.GetProperty("trend").EnumerateArray().Sum(t => t.GetProperty("reported").GetInt32())) == reports.Count;
        }, because: "every accepted report reaches the dashboard");
    }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    sealed record Page<T>(List<T> Items);

    sealed record PlanRow(Guid Id, string Code, string Status);

    sealed record ObligationRow(Guid Id, Guid SubjectId, string SubjectCode, DateTimeOffset DueAt);

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }
}
