using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Tests.Browser;

/// <summary>The portal in a real Chromium against the real host over MariaDB: the tenant and admin journeys, access, accessibility.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalBrowserTests(BrowserHostFixture fixture) : IAsyncLifetime
{
    private DateTime _start;

    public async Task InitializeAsync()
    {
        await fixture.Host.Database.ResetAsync();
        _start = ServiceUsage.Domain.Time.BillingTime.Now(fixture.Host.Clock);
        await using var db = fixture.Host.Database.NewContext();
        db.PlanVersions.AddRange(
            BillingHarness.Version("P", _start.AddYears(-1), "vm", null, 1.2m),
            BillingHarness.Version("P2", _start.AddYears(-1), "vm", null, 2.0m),
            BillingHarness.Version("S", _start.AddYears(-1), "vm", 30m, null));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> NewUserAsync(string role)
    {
        var name = $"{role[0]}{Guid.NewGuid():N}"[..12];
        await PortalSignIn.CreateUserAsync(fixture.Host, name, role);
        return name;
    }

    [Fact]
    public async Task Tenant_buys_upgrades_and_cancels_a_postpay_order_and_sees_charges_and_usage()
    {
        var tenant = await NewUserAsync(Roles.Tenant);
        await using var s = await BrowserSession.SignInAsync(fixture, tenant, PortalSignIn.Password);
        var page = s.Page;
        await s.ScreenshotAsync("overview");
        await s.AssertAccessibleAsync();

        await s.GotoAsync("plans");
        await s.ScreenshotAsync("plans");
        await s.AssertAccessibleAsync();
        await page.ClickAsync("[data-testid=buy-P]");
        await page.WaitForSelectorAsync("[data-testid=quote] >> text=billed hourly");
        await s.ScreenshotAsync("buy-dialog");
        await page.ClickAsync("[data-testid=buy-confirm]");
        await page.WaitForURLAsync(url => url.Contains("/orders/"));
        await page.WaitForSelectorAsync("[data-testid=order-details]");
        var orderUrl = new Uri(page.Url).AbsolutePath.TrimStart('/');

        await s.GotoAsync("orders");
        await page.WaitForSelectorAsync("[data-testid=order-status] >> text=active");
        await s.ScreenshotAsync("orders");
        await s.AssertAccessibleAsync();

        fixture.Host.Clock.Advance(TimeSpan.FromHours(2));
        await s.GotoAsync(orderUrl);
        await page.ClickAsync("[data-testid=upgrade]");
        await page.GetByLabel("Quantity").FillAsync("2");
        await page.WaitForSelectorAsync("[data-testid=quote-net]");
        await s.ScreenshotAsync("upgrade-dialog");
        await page.ClickAsync("[data-testid=upgrade-confirm]");
        await page.WaitForSelectorAsync("[data-testid=order-quantity] >> text=2");

        fixture.Host.Clock.Advance(TimeSpan.FromHours(1));
        await page.ClickAsync("[data-testid=cancel]");
        await page.WaitForSelectorAsync("[data-testid=cancel-confirm]:not([disabled])");
        await page.ClickAsync("[data-testid=cancel-confirm]");
        await page.WaitForSelectorAsync("[data-testid=order-status] >> text=cancelled");
        // Postpay usage rows are at most an hour long: two hours before the upgrade and one after it.
        await s.GotoAsync(orderUrl); // a fresh page: no snackbar over the charges
        await page.WaitForSelectorAsync("[data-testid=charge-kind]");
        Assert.Equal(3, await page.Locator("[data-testid=charge-kind]", new() { HasTextString = "usage" }).CountAsync());
        await s.ScreenshotAsync("order");
        await s.AssertAccessibleAsync();

        await s.GotoAsync("usage");
        await page.WaitForSelectorAsync("[data-testid=usage-chart] svg");
        await s.ScreenshotAsync("usage");
        await s.AssertAccessibleAsync();

        await s.GotoAsync("tokens");
        await page.GetByLabel("Name").FillAsync("ci");
        await page.ClickAsync("[data-testid=token-create]");
        await page.WaitForSelectorAsync("[data-testid=token-secret]");
        await s.ScreenshotAsync("tokens");
        await s.GotoAsync("tokens");
        await page.WaitForSelectorAsync("[data-testid=tokens]");
        await s.AssertAccessibleAsync();

        var csv = await page.APIRequest.GetAsync("portal/usage.csv");
        Assert.Equal(200, csv.Status);
        Assert.Equal(4, (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header + 3 usage rows
    }

    [Fact]
    public async Task Tenant_cannot_open_another_tenants_order_or_an_admin_page()
    {
        var other = await NewUserAsync(Roles.Tenant);
        string foreignOrder;
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            foreignOrder = (await scope.ServiceProvider.GetRequiredService<OrderService>().CreateAsync(new CreateOrder(other, OrderType.Postpay, "P", 1))).Order.OrderId;

        var tenant = await NewUserAsync(Roles.Tenant);
        await using var s = await BrowserSession.SignInAsync(fixture, tenant, PortalSignIn.Password);
        await s.GotoAsync($"orders/{foreignOrder}");
        await s.Page.WaitForSelectorAsync("[data-testid=order-not-found]");
        Assert.Equal(0, await s.Page.Locator("[data-testid=order-details]").CountAsync());

        foreach (var path in new[] { "admin/plans", "admin/orders", "admin/billing", $"admin/tenants/{other}/usage" })
        {
            var response = await s.Page.GotoAsync(path);
            await s.Page.WaitForTimeoutAsync(500);
            Assert.True(s.Page.Url.Contains("/account/denied"), $"{path}: {response?.Status} {s.Page.Url} {await s.Page.ContentAsync()}");
        }
        Assert.Equal(403, (await s.Page.APIRequest.GetAsync($"portal/usage.csv?user={other}")).Status);
    }

    [Fact]
    public async Task Admin_adds_a_future_plan_version()
    {
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<OrderService>().CreateAsync(new CreateOrder("someone", OrderType.Postpay, "P", 2));
        var admin = await NewUserAsync(Roles.Admin);
        await using var s = await BrowserSession.SignInAsync(fixture, admin, PortalSignIn.Password);
        var page = s.Page;
        await s.GotoAsync("admin/plans");
        await s.ScreenshotAsync("admin-plans");
        await s.AssertAccessibleAsync();

        await page.ClickAsync("[data-testid=add-version-P]");
        await page.GetByRole(AriaRole.Switch, new() { Name = "Begin now" }).ClickAsync();
        await page.GetByLabel("Hourly price (postpay)").FillAsync("1.7");
        await page.ClickAsync("[data-testid=version-preview]");
        var preview = await (await page.WaitForSelectorAsync("[data-testid=preview]"))!.TextContentAsync();
        Assert.Contains("1 postpay (2 units)", preview); // (1.7 - 1.2) × 2 more per hour:
        Assert.Contains("Hourly revenue changes by 1.00 CNY/h", preview);
        await s.ScreenshotAsync("admin-plan-version-dialog");
        await page.ClickAsync("[data-testid=version-save]");
        await page.WaitForSelectorAsync("[data-testid=plan-P] >> text=future");

        await using var db = fixture.Host.Database.NewContext();
        var future = db.PlanVersions.Where(v => v.PlanId == "P").AsEnumerable().Single(v => v.BeginTime > _start);
        Assert.Equal(1.7m, future.Details.HourlyPrice);

        await s.GotoAsync("admin/orders");
        await page.GetByLabel("Search by user").FillAsync("someone");
        await page.WaitForSelectorAsync("[data-testid=orders-grid] >> text=someone");
        await page.ClickAsync("[data-testid=orders-grid] >> text=someone");
        await page.WaitForURLAsync(url => url.EndsWith("/admin/tenants/someone/usage"));
        await s.WaitForCircuitAsync();
        await page.WaitForSelectorAsync("h1 >> text=someone");
        await s.ScreenshotAsync("admin-tenant-usage");
        await s.AssertAccessibleAsync();

        foreach (var path in new[] { "admin/orders", "admin/billing" })
        {
            await s.GotoAsync(path);
            await s.ScreenshotAsync(path.Replace('/', '-'));
            await s.AssertAccessibleAsync();
        }
    }

    [Fact]
    public async Task Registration_is_off_outside_development_unless_configured()
    {
        using var client = fixture.Host.CreateClient();
        var page = await client.GetStringAsync("account/register");
        Assert.Contains("registration-off", page);
        Assert.DoesNotContain("account/register", await client.GetStringAsync("account/login"));
    }

    [Fact]
    public async Task The_language_switch_sets_the_culture_cookie_and_the_ui_follows()
    {
        var tenant = await NewUserAsync(Roles.Tenant);
        await using var s = await BrowserSession.SignInAsync(fixture, tenant, PortalSignIn.Password);
        await s.Page.GotoAsync("portal/culture?culture=zh-Hans&returnUrl=/orders");
        await s.WaitForCircuitAsync();
        Assert.EndsWith("/orders", s.Page.Url);
        Assert.Equal("zh-Hans", await s.Page.GetAttributeAsync("html", "lang"));
        await s.Page.WaitForSelectorAsync("h1 >> text=订单");
        await s.ScreenshotAsync("orders-zh");
    }

    [Fact]
    public async Task Dark_mode_is_remembered_by_the_browser_across_page_loads()
    {
        var tenant = await NewUserAsync(Roles.Tenant);
        await using var s = await BrowserSession.SignInAsync(fixture, tenant, PortalSignIn.Password);
        const string background = "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()";
        var light = await s.Page.EvaluateAsync<string>(background);

        await s.Page.ClickAsync("button[aria-label='Toggle dark mode']");
        await s.Page.WaitForFunctionAsync($"() => ({background})() !== '{light}'");
        var dark = await s.Page.EvaluateAsync<string>(background);

        await s.GotoAsync("orders");
        await s.Page.WaitForFunctionAsync($"() => ({background})() === '{dark}'");
        Assert.Equal("1", await s.Page.EvaluateAsync<string>("() => localStorage.getItem('su-dark')"));
        await s.ScreenshotAsync("orders-dark");
        await s.AssertAccessibleAsync();
    }
}
