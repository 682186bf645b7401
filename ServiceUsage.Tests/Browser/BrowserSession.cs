using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ServiceUsage.Tests.Browser;

/// <summary>One signed-in browser context: navigation that waits for the Blazor circuit, screenshots and axe scans.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page, string baseUrl) : IAsyncDisposable
{
    public IPage Page => page;

    public static async Task<BrowserSession> SignInAsync(BrowserHostFixture fixture, string user, string password)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl, Locale = "en-US", TimezoneId = "Asia/Shanghai" });
        // Every page records what the content security policy blocked (see AssertAccessibleAsync).
        await context.AddInitScriptAsync("window.__cspViolations = []; document.addEventListener('securitypolicyviolation', " +
            "e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));");
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync("account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        var session = new BrowserSession(context, page, fixture.BaseUrl);
        await session.WaitForCircuitAsync();
        return session;
    }

    public async Task GotoAsync(string path)
    {
        await page.GotoAsync(path);
        await WaitForCircuitAsync();
    }

    /// <summary>Clicks before the circuit is up land nowhere: wait for Blazor, the network, and the interactive layout.</summary>
    public async Task WaitForCircuitAsync()
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForFunctionAsync("() => document.querySelector('.mud-progress-linear') === null");
    }

    public async Task ScreenshotAsync(string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHostFixture.Artifacts, name + ".png"), FullPage = true });

    /// <summary>
    /// Runs axe on the page; serious and critical violations fail the test with their rule ids and targets. First, the
    /// page must have run under the portal's content security policy without anything blocked.
    /// </summary>
    public async Task AssertAccessibleAsync()
    {
        var blocked = await page.EvaluateAsync<string[]>("() => window.__cspViolations || []");
        Assert.True(blocked.Length == 0, $"{page.Url}: the content security policy blocked {string.Join(", ", blocked)}");
        // A snackbar fading in is judged on its half-transparent text, and on the fake clock it never leaves: scan pages
        // without one (callers reload after an action).
        Assert.Equal(0, await page.Locator(".mud-snackbar").CountAsync());
        // Nor mid-transition (a button fading from disabled to enabled): end every transition and animation first.
        await page.AddStyleTagAsync(new() { Content = "*, *::before, *::after { transition: none !important; animation: none !important; }" });
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(bad.Count == 0, $"{page.Url}: {string.Join("\n", bad)}");
    }

    public string BaseUrl => baseUrl;

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
