using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace DxTrack.Browser.Tests;

/// <summary>The committee's page in a real headless chromium, reading a real Targets through the real gateway.</summary>
public sealed class DashboardPageTests(DashboardSystem system) : IClassFixture<DashboardSystem>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The demo plans hold eight indicators (four government targets in each plan) and thirty agencies.
    const int Indicators = 8, Agencies = 30;

    readonly List<string> _errors = [];

    async Task<IPage> OpenAsync(BrowserNewContextOptions? options = null)
    {
        var context = await system.Browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.PageError += (_, e) => _errors.Add(e);
        page.Console += (_, m) => { if (m.Type == "error") _errors.Add(m.Text); };
        await page.GotoAsync(system.Gateway + "/dashboard/");
        return page;
    }

    static async Task SignInWithDevelopmentTokenAsync(IPage page)
    {
        await page.ClickAsync("#dev-token");
        await page.Locator("[data-testid=indicator]").Nth(Indicators - 1).WaitForAsync();
    }

    [Fact]
    public async Task The_overview_shows_a_progress_bar_and_a_trend_line_per_indicator_and_the_compliance_table()
    {
        var page = await OpenAsync();
        Assert.Equal("Bảng điều hành chuyển đổi số", await page.TitleAsync());
        await SignInWithDevelopmentTokenAsync(page);

        var indicators = page.Locator("[data-testid=indicator]");
        Assert.Equal(Indicators, await indicators.CountAsync());
        Assert.Equal(Indicators, await page.Locator("[data-testid=indicator] svg.progress").CountAsync());
        Assert.Equal(Indicators, await page.Locator("[data-testid=indicator] svg.trend").CountAsync());
        Assert.Equal(3, await page.Locator("[data-testid=pillar]").CountAsync());
        Assert.Contains("Chính quyền số", await page.Locator("[data-pillar=CQS] h2").InnerTextAsync());

        // The 2023 figures the fixture reported: on track, at risk, off track, and one never reported.
        var annual = page.Locator("[data-testid=indicator]", new() { HasText = "KH-CDS-2023" });
        Assert.Equal("OnTrack", await annual.Filter(new() { HasText = "CQS-01" }).GetAttributeAsync("data-status"));
        Assert.Equal("AtRisk", await annual.Filter(new() { HasText = "CQS-02" }).GetAttributeAsync("data-status"));
        Assert.Equal("OffTrack", await annual.Filter(new() { HasText = "CQS-03" }).GetAttributeAsync("data-status"));
        Assert.Equal("NoData", await annual.Filter(new() { HasText = "CQS-04" }).GetAttributeAsync("data-status"));
        var onTrack = annual.Filter(new() { HasText = "CQS-01" });
        Assert.Contains("Đúng tiến độ", await onTrack.InnerTextAsync());
        Assert.Contains("94,44%", await onTrack.InnerTextAsync()); // (92 + 78) / (100 + 80), Vietnamese decimal comma
        Assert.Equal("4", await onTrack.Locator("svg.trend").GetAttributeAsync("data-points"));
        Assert.Equal(4, await onTrack.Locator("svg.trend circle.trend-point").CountAsync());
        Assert.True(await onTrack.Locator("svg.trend polyline.trend-value").CountAsync() == 1, "a line joins the reported quarters");
        var bar = float.Parse((await onTrack.Locator("rect.progress-value").GetAttributeAsync("width"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(bar, 94f, 95f);

        var rows = page.Locator("[data-testid=compliance-row]");
        Assert.Equal(Agencies, await rows.CountAsync());
        Assert.Contains("Văn phòng UBND tỉnh", await rows.First.InnerTextAsync()); // the agency that reported the most ranks first
        Assert.True(await page.Locator("[data-testid=overdue-tasks] tbody tr").CountAsync() >= 1);

        // The top of the page as the README shows it (docs/dashboard.png: DXTRACK_DASHBOARD_SCREENSHOT=docs/dashboard.png).
        var screenshot = Environment.GetEnvironmentVariable("DXTRACK_DASHBOARD_SCREENSHOT")
                         ?? Path.Combine(AppContext.BaseDirectory, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = screenshot, FullPage = true, Clip = new() { X = 0, Y = 0, Width = 1280, Height = 1500 },
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_page_fits_the_screen_after_signing_in_with_a_pasted_token()
    {
        var page = await OpenAsync(new BrowserNewContextOptions
        {
            ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
        });
        var token = (await (await new HttpClient().PostAsJsonAsync(system.Gateway + "/dev/token", new { role = "viewer" }, Ct))
            .Content.ReadFromJsonAsync<TokenView>(Ct))!.AccessToken;
        await page.FillAsync("#credential", token);
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await page.Locator("[data-testid=indicator]").Nth(Indicators - 1).WaitForAsync();

        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var viewport = await page.EvaluateAsync<int>("() => window.innerWidth");
        Assert.True(width <= viewport, $"the page is {width}px wide on a {viewport}px screen");
        var chart = await page.Locator("[data-testid=indicator] svg.trend").First.BoundingBoxAsync();
        Assert.NotNull(chart);
        Assert.InRange(chart.Width, 200, viewport);
        var progress = await page.Locator("[data-testid=indicator] svg.progress").First.BoundingBoxAsync();
        Assert.True(progress!.X >= 0 && progress.X + progress.Width <= viewport);
        await page.Locator("[data-testid=compliance]").ScrollIntoViewIfNeededAsync();
        Assert.Equal(Agencies, await page.Locator("[data-testid=compliance-row]").CountAsync());

        var screenshot = Environment.GetEnvironmentVariable("DXTRACK_DASHBOARD_PHONE_SCREENSHOT")
                         ?? Path.Combine(AppContext.BaseDirectory, "dashboard-phone.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Choosing_an_indicator_or_an_agency_opens_its_drill_down_with_exports()
    {
        var page = await OpenAsync();
        await SignInWithDevelopmentTokenAsync(page);

        await page.Locator("[data-testid=indicator]", new() { HasText = "KH-CDS-2023" }).Filter(new() { HasText = "CQS-01" })
            .GetByRole(AriaRole.Button, new() { Name = "Chi tiết" }).ClickAsync();
        var detail = page.Locator("#detail");
        await Shown(detail, "Kỳ 2023-Q4");
        Assert.Contains("Sở Thông tin và Truyền thông", await detail.InnerTextAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => detail.GetByRole(AriaRole.Button, new() { Name = "Excel" }).ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);

        await page.Locator("[data-testid=compliance-row]", new() { HasText = "Sở Nội vụ" }).ClickAsync();
        await Shown(detail, "Nghĩa vụ báo cáo");
        Assert.Contains("Sở Nội vụ", await detail.Locator("h2").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reporter_sees_and_opens_its_own_agency_only_and_stays_signed_in()
    {
        var page = await OpenAsync();
        await page.FillAsync("#credential", system.Issuer.Issue("reporter", "STTTT", "browser-reporter-stttt"));
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await page.Locator("[data-testid=indicator]").Nth(Indicators - 1).WaitForAsync();
        var detail = page.Locator("#detail");

        // The ranking shows a reporter its own agency's row; the province figures stay.
        var rows = page.Locator("[data-testid=compliance-row]");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Contains("Sở Thông tin và Truyền thông", await rows.InnerTextAsync());
        Assert.Equal(0, await page.Locator("[data-testid=compliance-row]", new() { HasText = "Sở Nội vụ" }).CountAsync());
        await rows.ClickAsync();
        await Shown(detail, "Nghĩa vụ báo cáo");
        Assert.True(await page.Locator("#app").IsVisibleAsync(), "still signed in");

        // Another agency's drill-down stays refused however it is asked for.
        using var reporter = system.Client("reporter", "STTTT");
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync("/api/dashboard/agencies/SNV", Ct)).StatusCode);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_page_is_served_without_a_token_and_allows_nothing_from_elsewhere()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(system.Gateway) };
        var page = await anonymous.GetAsync("/dashboard/", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", string.Join(";", page.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/dashboard/dashboard.js", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/dashboard/secrets.txt", Ct)).StatusCode);
        // The data itself still needs a token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/dashboard/overview", Ct)).StatusCode);
    }

    [Fact]
    public async Task Through_the_gateway_an_unchanged_overview_answers_304_to_the_pages_poll()
    {
        using var viewer = system.Client();
        var first = await viewer.GetAsync("/api/dashboard/overview", Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var poll = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard/overview");
        poll.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await viewer.SendAsync(poll, Ct);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    async Task Shown(ILocator region, string text)
    {
        try
        {
            await region.GetByText(text).First.WaitForAsync(new() { Timeout = 15000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"'{text}' did not appear; the region shows: {await region.InnerTextAsync()}; page errors: {string.Join(" | ", _errors)}");
        }
    }

    sealed record TokenView(string AccessToken);
}
