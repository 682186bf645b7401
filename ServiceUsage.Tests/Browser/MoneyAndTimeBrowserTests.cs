using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ServiceUsage.Tests.Browser;

/// <summary>Money a tenant can read (currency, places, consumed or charged), one time zone, held quotes, shared plan rules, circuit weight.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MoneyAndTimeBrowserTests(BrowserHostFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private SeededPortal _seed = null!;

    public async Task InitializeAsync() => _seed = await BrowserSeed.TenantWithChargesAsync(fixture);

    public Task DisposeAsync() => Task.CompletedTask;

    [GeneratedRegex(@"^-?[\d,]+\.\d\d CNY(/h|/month)?$")] private static partial Regex TwoPlaces();
    [GeneratedRegex(@"^-?[\d,]+\.\d{4} CNY$")] private static partial Regex FourPlaces();

    private static async Task<string> TextAsync(IPage page, string selector) => (await page.Locator(selector).First.InnerTextAsync()).Trim();

    private static async Task<string[]> TextsAsync(IPage page, string selector) =>
        (await page.Locator(selector).AllInnerTextsAsync()).Select(t => t.Trim()).ToArray();

    [Fact]
    public async Task Every_money_page_shows_the_currency_with_two_places_and_says_consumed_or_charged()
    {
        await using var s = await BrowserSession.SignInAsync(fixture, _seed.Tenant, PortalSignIn.Password);
        var page = s.Page;
        await page.WaitForSelectorAsync("[data-testid=consumed-month]");
        Assert.Matches(TwoPlaces(), await TextAsync(page, "[data-testid=consumed-month]"));
        Assert.Matches(TwoPlaces(), await TextAsync(page, "[data-testid=charged-month]"));
        Assert.Equal("consumed", await TextAsync(page, "[data-testid=consumed-month-basis]"));
        Assert.Equal("charged", await TextAsync(page, "[data-testid=charged-month-basis]"));
        Assert.Contains("prepaid money is consumed over the period", await TextAsync(page, "[data-testid=consumed-vs-charged]"));
        Assert.Contains("Asia/Shanghai (UTC+8)", await TextAsync(page, "[data-testid=time-zone]"));

        await s.GotoAsync("plans");
        await page.WaitForSelectorAsync("[data-testid=catalog]");
        Assert.Contains("30.00 CNY/month", await TextsAsync(page, "[data-testid=price-monthly]"));
        Assert.Contains("0.055 CNY/h", await TextsAsync(page, "[data-testid=price-hourly]"));
        Assert.Contains("1.20 CNY/h", await TextsAsync(page, "[data-testid=price-hourly]"));

        await s.GotoAsync("orders");
        await page.WaitForSelectorAsync("[data-testid=order-charged]");
        var charged = await TextsAsync(page, "[data-testid=order-charged]");
        Assert.Equal(2, charged.Length);
        Assert.All(charged, c => Assert.Matches(TwoPlaces(), c));
        Assert.Contains("180.00 CNY", charged); // S × 2 for 3 months at 30.00

        await s.GotoAsync($"orders/{_seed.PrepayOrder}");
        await page.WaitForSelectorAsync("[data-testid=charge-payment]");
        Assert.Equal("180.00 CNY", await TextAsync(page, "[data-testid=order-charged-total]"));
        Assert.Equal("charged", await TextAsync(page, "[data-testid=order-charged-total-basis]"));
        Assert.Matches(TwoPlaces(), await TextAsync(page, "[data-testid=order-consumed]"));
        Assert.Equal("180.0000 CNY", await TextAsync(page, "[data-testid=charge-payment]")); // a row: the exact figure

        await s.GotoAsync("usage");
        await page.WaitForSelectorAsync("[data-testid=usage-table]");
        Assert.Matches(TwoPlaces(), await TextAsync(page, "[data-testid=range-charged]"));
        Assert.Matches(TwoPlaces(), await TextAsync(page, "[data-testid=range-consumed]"));
        Assert.Equal("consumed", await TextAsync(page, "[data-testid=range-consumed-basis]"));
        Assert.All(await TextsAsync(page, "[data-testid=usage-table] td.su-num"), c => Assert.Matches(TwoPlaces(), c));
        // The chart's y axis is money too, and a hovered bar tells its exact figure.
        await page.WaitForSelectorAsync("[data-testid=usage-chart] svg text >> text=/CNY$/");
        var tall = await page.EvaluateAsync<int>("""
            () => [...document.querySelectorAll('[data-testid=usage-chart] path.mud-chart-bar')]
                .findIndex(p => { const n = (p.getAttribute('d') || '').match(/-?[\d.]+/g)?.map(Number) ?? []; return n.length >= 4 && Math.abs(n[1] - n[3]) > 2; })
            """);
        Assert.True(tall >= 0, "no bar drawn");
        await page.Locator("[data-testid=usage-chart] svg path.mud-chart-bar").Nth(tall).HoverAsync(new() { Force = true });
        await page.WaitForSelectorAsync(".su-chart-tooltip");
        Assert.Matches(FourPlaces(), (await page.Locator(".su-chart-tooltip text").AllTextContentsAsync())[^1].Trim());
        await s.ScreenshotAsync("usage-tooltip");
    }

    [Fact]
    public async Task The_same_usage_link_gives_the_same_rows_opened_directly_or_reached_from_orders_in_shanghai()
    {
        var today = ServiceUsage.Domain.Time.LocalZone.ToLocal(_seed.Now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Date;
        var link = $"usage?from={today.AddDays(-2):yyyy-MM-dd}&to={today:yyyy-MM-dd}&per=hour&split=none";
        await using var s = await BrowserSession.SignInAsync(fixture, _seed.Tenant, PortalSignIn.Password);
        var page = s.Page;

        async Task<(string[] Rows, string Csv, string Charged)> ReadAsync()
        {
            await page.WaitForSelectorAsync("[data-testid=usage-table]");
            var rows = await TextsAsync(page, "[data-testid=usage-table] tbody tr");
            return (rows, (await page.GetAttributeAsync("[data-testid=usage-csv]", "href"))!, await TextAsync(page, "[data-testid=range-charged]"));
        }

        await s.GotoAsync(link);
        var direct = await ReadAsync();
        await s.GotoAsync("orders");
        await page.WaitForSelectorAsync("[data-testid=order-charged]");
        await page.EvaluateAsync($"() => Blazor.navigateTo('{link}')");
        var reached = await ReadAsync();

        Assert.NotEmpty(direct.Rows);
        Assert.Equal(direct.Rows, reached.Rows);
        Assert.Equal((direct.Csv, direct.Charged), (reached.Csv, reached.Charged));
        // Local days: the range starts at local midnight, 16:00 UTC the day before.
        Assert.Contains($"from={today.AddDays(-3):yyyy-MM-dd}T16:00:00Z", direct.Csv);

        // The default range (the menu's link) is the same whichever way it is reached, too.
        await s.GotoAsync("usage");
        var menuDirect = await ReadAsync();
        await s.GotoAsync("orders");
        await page.ClickAsync("nav a[href='usage']");
        await page.WaitForURLAsync(url => url.EndsWith("/usage"));
        var menuReached = await ReadAsync();
        Assert.Equal(menuDirect.Rows, menuReached.Rows);
        Assert.Equal((menuDirect.Csv, menuDirect.Charged), (menuReached.Csv, menuReached.Charged));
    }

    [Fact]
    public async Task A_held_prepay_upgrade_quote_equals_the_rows_written_and_a_stale_one_is_quoted_again()
    {
        await using var s = await BrowserSession.SignInAsync(fixture, _seed.Tenant, PortalSignIn.Password);
        var page = s.Page;
        await s.GotoAsync($"orders/{_seed.PrepayOrder}");

        async Task<(string At, string[] Payments)> QuoteAsync(int quantity)
        {
            await page.ClickAsync("[data-testid=upgrade]");
            await page.GetByLabel("Quantity").FillAsync(quantity.ToString());
            await page.WaitForSelectorAsync("[data-testid=quote-net]");
            return ((await page.GetAttributeAsync("[data-testid=quote-time] time", "datetime"))!, await TextsAsync(page, "[data-testid=quote-payment]"));
        }

        async Task<string[]> RowsWrittenAsync(string at)
        {
            await page.WaitForSelectorAsync("[data-testid=upgrade-dialog]", new() { State = WaitForSelectorState.Detached });
            await s.GotoAsync($"orders/{_seed.PrepayOrder}"); // a fresh page: no snackbar
            await page.WaitForSelectorAsync("[data-testid=charge-payment]");
            await using var db = fixture.Host.Database.NewContext();
            var begin = DateTime.Parse(at, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
            var rows = await db.UsageHistory.AsNoTracking().Where(u => u.OrderId == _seed.PrepayOrder && u.BeginTime >= begin.AddSeconds(-1)).ToListAsync();
            return rows.OrderBy(r => r.Kind == ChargeKind.UpgradeCharge).Where(r => r.BeginTime.ToString("yyyy-MM-ddTHH:mm:ssZ") == at)
                .Select(r => new ServiceUsage.Domain.Billing.MoneyFormat("CNY").Exact(r.Payment, System.Globalization.CultureInfo.GetCultureInfo("en"))).ToArray();
        }

        var held = await QuoteAsync(3);
        Assert.Equal(2, held.Payments.Length);
        await s.ScreenshotAsync("upgrade-quote");
        fixture.Host.Clock.Advance(TimeSpan.FromMinutes(3));
        await page.ClickAsync("[data-testid=upgrade-confirm]");
        Assert.Equal(held.Payments, await RowsWrittenAsync(held.At));

        var stale = await QuoteAsync(4);
        fixture.Host.Clock.Advance(TimeSpan.FromMinutes(6));
        await page.ClickAsync("[data-testid=upgrade-confirm]");
        await page.WaitForSelectorAsync("[data-testid=quote-notice]");
        Assert.Contains("no longer held", await TextAsync(page, "[data-testid=quote-notice]"));
        var fresh = ((await page.GetAttributeAsync("[data-testid=quote-time] time", "datetime"))!, await TextsAsync(page, "[data-testid=quote-payment]"));
        Assert.NotEqual(stale.At, fresh.Item1);
        await s.ScreenshotAsync("upgrade-requoted");
        await page.ClickAsync("[data-testid=upgrade-confirm]");
        Assert.Equal(fresh.Item2, await RowsWrittenAsync(fresh.Item1));
    }

    [Fact]
    public async Task The_admin_form_refuses_an_over_long_name_and_a_plan_id_with_markup_with_the_domains_messages()
    {
        await using var s = await BrowserSession.SignInAsync(fixture, _seed.Admin, PortalSignIn.Password);
        var page = s.Page;
        await s.GotoAsync("admin/plans");
        await page.ClickAsync("[data-testid=new-plan]");
        await page.GetByLabel("Plan id").FillAsync("<b>x</b>");
        await page.GetByLabel("Name").FillAsync(new string('x', 10_000));
        await page.GetByLabel("Service").FillAsync("vm");
        await page.GetByLabel("Monthly price (prepay)").FillAsync("10");
        await page.ClickAsync("[data-testid=version-save]");
        await page.WaitForSelectorAsync($"text={PlanRules.IdMessage}");
        await page.WaitForSelectorAsync($"text={PlanRules.NameMessage}");
        await s.ScreenshotAsync("admin-plan-refused");
        await using var db = fixture.Host.Database.NewContext();
        Assert.False(await db.PlanVersions.AnyAsync(v => v.PlanId.Contains("<")));
        Assert.Equal(1, await page.Locator("[data-testid=version-dialog]").CountAsync());
    }

    [Fact]
    public async Task One_usage_refresh_stays_within_its_circuit_budget()
    {
        var tenant = await BrowserSeed.TenantWithAYearOfChargesAsync(fixture);
        await using var s = await BrowserSession.SignInAsync(fixture, tenant, PortalSignIn.Password);
        var page = s.Page;
        await s.GotoAsync("usage");
        await page.WaitForSelectorAsync("[data-testid=usage-table]");
        var today = ServiceUsage.Domain.Time.LocalZone.ToLocal(ServiceUsage.Domain.Time.BillingTime.Now(fixture.Host.Clock), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Date;

        async Task<long> RefreshAsync(string query, string firstRow)
        {
            await page.WaitForTimeoutAsync(500);
            var before = s.CircuitBytes;
            await page.EvaluateAsync($"() => Blazor.navigateTo('usage?{query}')");
            await page.WaitForFunctionAsync($"() => document.querySelector('[data-testid=usage-row-begin]')?.textContent.trim() === '{firstRow}'");
            await page.WaitForSelectorAsync("[data-testid=usage-chart] svg path.mud-chart-bar", new() { State = WaitForSelectorState.Attached });
            await page.WaitForTimeoutAsync(1000); // the charts' second render, after they measure themselves
            return s.CircuitBytes - before;
        }

        var year = await RefreshAsync($"from={today.AddDays(-364):yyyy-MM-dd}&to={today:yyyy-MM-dd}&per=day", $"{today.AddDays(-364):yyyy-MM-dd}");
        var hours = await RefreshAsync($"from={today.AddDays(-29):yyyy-MM-dd}&to={today:yyyy-MM-dd}&per=hour", $"{today.AddDays(-29):yyyy-MM-dd} 00:00");
        output.WriteLine($"usage refresh over the circuit: a year of days {year} bytes; 30 days of hours {hours} bytes");
        await File.WriteAllTextAsync(Path.Combine(BrowserHostFixture.Artifacts, "usage-refresh-bytes.txt"), $"year-of-days {year}\n30-days-of-hours {hours}\n");
        Assert.InRange(year, 1_000, 100_000);
        Assert.InRange(hours, 1_000, 200_000);
    }
}
