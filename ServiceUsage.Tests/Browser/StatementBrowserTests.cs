using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Tests.Browser;

/// <summary>A tenant's statement in a real Chromium, in English and Chinese, and its PDF read back with pdftotext.</summary>
public sealed class StatementBrowserTests(BrowserHostFixture fixture) : IClassFixture<BrowserHostFixture>
{
    [Fact]
    public async Task A_tenant_opens_a_statement_in_english_and_chinese_and_downloads_its_pdf()
    {
        var start = ServiceUsage.Domain.Time.BillingTime.Now(fixture.Host.Clock);
        await using (var db = fixture.Host.Database.NewContext())
        {
            db.PlanVersions.Add(BillingHarness.Version("S", start.AddYears(-1), "mysql", 30m, null));
            await db.SaveChangesAsync();
        }
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        await PortalSignIn.CreateUserAsync(fixture.Host, tenant, Roles.Tenant);
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<OrderService>().CreateAsync(new CreateOrder(tenant, OrderType.Prepay, "S", 2, 1, false));
        var month = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        fixture.Host.Clock.SetUtcNow(month.AddMonths(1).AddHours(2));
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StatementClosing>().CloseDueAsync();

        await using var s = await BrowserSession.SignInAsync(fixture, tenant, PortalSignIn.Password);
        var page = s.Page;
        await s.GotoAsync("statements");
        await page.WaitForSelectorAsync("[data-testid=not-final]"); // the month to date
        await s.ScreenshotAsync("statements");
        await s.AssertAccessibleAsync();
        await page.Locator("[data-testid=statement-link]", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^SU-") }).ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=statement-document]");
        var number = (await page.InnerTextAsync("[data-testid=statement-number]")).Trim();
        Assert.Matches($"^SU-{month:yyyyMM}-[0-9]+$", number);
        Assert.Contains("60.0000 CNY", await page.InnerTextAsync("[data-testid=statement-total]"));
        Assert.Contains("Monthly statement", await page.InnerTextAsync("[data-testid=statement-document]"));
        await s.ScreenshotAsync("statement-en");
        await s.AssertAccessibleAsync();

        await s.GotoAsync($"portal/culture?culture=zh-Hans&returnUrl=/statements/{number}");
        await page.WaitForSelectorAsync("[data-testid=statement-document] >> text=月度对账单");
        Assert.Contains("¥60.00", await page.InnerTextAsync("[data-testid=statement-charged]"));
        await s.ScreenshotAsync("statement-zh");
        await page.EmulateMediaAsync(new() { Media = Microsoft.Playwright.Media.Print });
        await s.ScreenshotAsync("statement-zh-print");
        await page.EmulateMediaAsync(new() { Media = Microsoft.Playwright.Media.Screen });

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=statement-pdf]"));
        var pdf = Path.Combine(BrowserHostFixture.Artifacts, "statement-zh.pdf");
        await download.SaveAsAsync(pdf);
        var text = await PdfTextAsync(pdf);
        Assert.Contains(number, text);
        Assert.Contains("60.0000", text);
        Assert.Contains("月度对账单", text);
        Assert.Contains("计费金额", text);
    }

    /// <summary>The PDF's text as pdftotext (Debian's poppler-utils, installed by test.sh) reads it.</summary>
    private static async Task<string> PdfTextAsync(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pdftotext failed: {await process.StandardError.ReadToEndAsync()}");
        return text;
    }
}
