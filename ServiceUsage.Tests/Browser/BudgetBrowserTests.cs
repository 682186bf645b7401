using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Budgets;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Tests.Browser;

/// <summary>
/// A tenant's overview with a budget in a real Chromium: the gauge, the forecast, the date the budget is reached, the
/// threshold notice and the curve with a scheduled price change, in English and Chinese, light and dark (axe), and the
/// budget page; screenshots in ServiceUsage.Tests/artifacts.
/// </summary>
public sealed class BudgetBrowserTests(BrowserHostFixture fixture) : IClassFixture<BrowserHostFixture>
{
    [Fact]
    public async Task A_tenant_sees_the_gauge_forecast_and_date_in_english_and_chinese()
    {
        // The first hour of next month: the order, then a price change on day 11 and four days of use.
        var now = BillingTime.Now(fixture.Host.Clock);
        var month = new DateTime(now.Year, now.Month, 1, 1, 0, 0, DateTimeKind.Utc).AddMonths(1);
        fixture.Host.Clock.SetUtcNow(month);
        await using (var db = fixture.Host.Database.NewContext())
        {
            db.PlanVersions.AddRange(BillingHarness.Version("P", month.AddYears(-1), "mysql", null, 1.2m),
                BillingHarness.Version("P", month.AddDays(10).AddHours(-1), "mysql", null, 1.5m));
            await db.SaveChangesAsync();
        }
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        await PortalSignIn.CreateUserAsync(fixture.Host, tenant, Roles.Tenant);
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrderService>().CreateAsync(new CreateOrder(tenant, OrderType.Postpay, "P", 2, 1, false));
            await scope.ServiceProvider.GetRequiredService<BudgetService>().SetAsync(tenant, 400m, null, tenant);
        }
        fixture.Host.Clock.Advance(TimeSpan.FromDays(4)); // 96 h × 2.4 = 230.40 of 400.00: 50 % crossed

        foreach (var look in new[] { new BrowserLook(), new BrowserLook(Dark: true), new BrowserLook("zh"), new BrowserLook("zh", Dark: true) })
        {
            await using var s = await BrowserSession.SignInAsync(fixture, tenant, PortalSignIn.Password, look);
            var page = s.Page;
            await page.WaitForSelectorAsync("[data-testid=budget-gauge]");
            var chinese = look.Culture != "en";
            Assert.Contains(chinese ? "¥230.40" : "230.40", await page.InnerTextAsync("[data-testid=spend-to-date]"));
            Assert.Contains(chinese ? "¥400.00" : "400.00", await page.InnerTextAsync("[data-testid=budget-amount]"));
            Assert.Contains(chinese ? "已消耗预算的 58 %" : "58 % of the budget consumed", await page.GetAttributeAsync("[data-testid=budget-gauge]", "aria-label"));
            Assert.Matches(@"\d", await page.InnerTextAsync("[data-testid=forecast]"));
            var reaches = await page.InnerTextAsync("[data-testid=reaches-budget]");
            Assert.Contains(chinese ? "预计达到预算的时间" : "Reaches the budget on", reaches);
            Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", reaches);
            Assert.Contains(chinese ? "您已达到月度预算的 50 %" : "50 % of your monthly budget was reached on", await page.InnerTextAsync("[data-testid=threshold-notice]"));
            Assert.Equal(1, await page.Locator("[data-testid=price-change]").CountAsync());
            Assert.Equal(1, await page.Locator("[data-testid=forecast-dashed]").CountAsync());
            if (!look.Dark) await s.ScreenshotsAsync("budget-overview");
            else await s.ScreenshotAsync("budget-overview" + (chinese ? "-dark-zh" : "-dark"));
            await s.AssertAccessibleAsync();
            if (chinese) Assert.Empty(await s.UntranslatedTextAsync());

            await s.GotoAsync("budget");
            await page.WaitForSelectorAsync("[data-testid=budget-save]");
            await s.AssertAccessibleAsync();
            if (!look.Dark) await s.ScreenshotAsync("budget-settings" + (chinese ? "-zh" : ""));
        }
    }

    [Fact]
    public async Task A_tenant_sets_a_budget_on_the_budget_page()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        await PortalSignIn.CreateUserAsync(fixture.Host, tenant, Roles.Tenant);
        await using var s = await BrowserSession.SignInAsync(fixture, tenant, PortalSignIn.Password);
        await s.GotoAsync("budget");
        await s.Page.GetByLabel("Monthly budget").FillAsync("250");
        await s.Page.Keyboard.PressAsync("Tab");
        await s.Page.GetByLabel("Thresholds (% of the budget)").FillAsync("75, 100");
        await s.Page.Keyboard.PressAsync("Tab");
        await s.Page.ClickAsync("[data-testid=budget-save]");
        await s.Page.WaitForSelectorAsync("[data-testid=budget-updated]");

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var budget = await scope.ServiceProvider.GetRequiredService<BudgetService>().GetAsync(tenant);
        Assert.Equal((250m, "75,100"), (budget!.Amount, string.Join(",", budget.Thresholds)));
    }
}
