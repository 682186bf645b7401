using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Browser;

/// <summary>
/// Every page of the portal, as a tenant, an admin and a visitor: axe in both themes (0 serious or critical), screenshots
/// at 1280 px and 390 px, and in Simplified Chinese no untranslated text (data values excepted).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageTourTests(BrowserHostFixture fixture) : IAsyncLifetime
{
    private SeededPortal _seed = null!;

    public async Task InitializeAsync() => _seed = await BrowserSeed.TenantWithChargesAsync(fixture);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Who sees a page, its path, and a selector that is there once its data is.</summary>
    private IEnumerable<(string Who, string Path, string Ready, string Name)> Pages() =>
    [
        ("tenant", "", "[data-testid=consumed-month]", "overview"),
        ("tenant", "plans", "[data-testid=catalog]", "plans"),
        ("tenant", "orders", "[data-testid=order-charged]", "orders"),
        ("tenant", $"orders/{_seed.PrepayOrder}", "[data-testid=charge-payment]", "order"),
        ("tenant", "usage", "[data-testid=usage-table]", "usage"),
        ("tenant", "tokens", "h1", "tokens"),
        ("tenant", "budget", "[data-testid=budget-save]", "budget"),
        ("tenant", "webhooks", "[data-testid=webhook-disabled-notice]", "webhooks"),
        ("tenant", $"webhooks/{_seed.WebhookEndpoint}", "[data-testid=webhook-deliveries]", "webhook"),
        ("admin", "admin/plans", "[data-testid=plan-S]", "admin-plans"),
        ("admin", "admin/orders", "[data-testid=order-charged]", "admin-orders"),
        ("admin", "admin/billing", "[data-testid=runs], [data-testid=empty]", "admin-billing"),
        ("admin", $"admin/tenants/{_seed.Tenant}/usage", "[data-testid=usage-table]", "admin-tenant-usage"),
        ("admin", "webhooks", "[data-testid=webhooks]", "admin-webhooks"),
        ("visitor", "account/login", "#username", "sign-in"),
        ("admin", "status/404", "[data-testid=status-title]", "not-found"),
    ];

    private async Task<Dictionary<string, BrowserSession>> SessionsAsync(BrowserLook look) => new()
    {
        ["tenant"] = await BrowserSession.SignInAsync(fixture, _seed.Tenant, PortalSignIn.Password, look),
        ["admin"] = await BrowserSession.SignInAsync(fixture, _seed.Admin, PortalSignIn.Password, look),
        ["visitor"] = await BrowserSession.OpenAsync(fixture, look),
    };

    private static async Task VisitAsync(BrowserSession s, string path, string ready)
    {
        if (path == "account/login") await s.Page.GotoAsync(path); // static: no circuit to wait for
        else await s.GotoAsync(path);
        await s.Page.WaitForSelectorAsync(ready);
    }

    [Fact]
    public async Task Every_page_in_both_themes_has_no_serious_axe_violation_and_is_screenshotted_at_both_widths()
    {
        foreach (var dark in new[] { false, true })
        {
            var sessions = await SessionsAsync(new BrowserLook(Dark: dark));
            try
            {
                foreach (var (who, path, ready, name) in Pages())
                {
                    var s = sessions[who];
                    await VisitAsync(s, path, ready);
                    await s.AssertAccessibleAsync();
                    await s.ScreenshotsAsync(name);
                }
            }
            finally
            {
                foreach (var s in sessions.Values) await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Every_page_and_dialog_in_chinese_has_no_untranslated_text()
    {
        var sessions = await SessionsAsync(new BrowserLook(Culture: "zh-Hans"));
        var found = new List<string>();
        try
        {
            foreach (var (who, path, ready, name) in Pages())
            {
                var s = sessions[who];
                await VisitAsync(s, path, ready);
                found.AddRange((await s.UntranslatedTextAsync()).Select(t => $"{path}: {t}"));
                await s.ScreenshotsAsync(name);
            }
            var tenant = sessions["tenant"];
            await VisitAsync(tenant, "plans", "[data-testid=catalog]");
            await tenant.Page.ClickAsync("[data-testid=buy-S]");
            await tenant.Page.WaitForSelectorAsync("[data-testid=quote-time]");
            found.AddRange((await tenant.UntranslatedTextAsync()).Select(t => $"buy dialog: {t}"));
            await tenant.ScreenshotAsync("buy-dialog-zh");
            await VisitAsync(tenant, $"orders/{_seed.PrepayOrder}", "[data-testid=charge-payment]");
            await tenant.Page.ClickAsync("[data-testid=cancel]");
            await tenant.Page.WaitForSelectorAsync("[data-testid=quote-forfeited]");
            found.AddRange((await tenant.UntranslatedTextAsync()).Select(t => $"cancel dialog: {t}"));
            await tenant.ScreenshotAsync("cancel-dialog-zh");
        }
        finally
        {
            foreach (var s in sessions.Values) await s.DisposeAsync();
        }
        Assert.True(found.Count == 0, "Untranslated:\n" + string.Join("\n", found.Distinct()));
    }
}
