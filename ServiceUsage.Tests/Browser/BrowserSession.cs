using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ServiceUsage.Tests.Browser;

/// <summary>How a browser context looks at the portal: language, theme, zone.</summary>
public sealed record BrowserLook(string Culture = "en", bool Dark = false, string TimeZone = "Asia/Shanghai");

/// <summary>
/// One signed-in browser context: navigation that waits for the Blazor circuit, screenshots at both widths, axe scans
/// and the untranslated-text scan.
/// </summary>
public sealed class BrowserSession(IBrowserContext context, IPage page, string baseUrl, BrowserLook look) : IAsyncDisposable
{
    public const int Wide = 1280, Narrow = 390;

    public IPage Page => page;

    /// <summary>Bytes the server has sent over the circuit's WebSocket so far (render batches and all).</summary>
    public long CircuitBytes => Interlocked.Read(ref _circuitBytes);

    private long _circuitBytes;

    private void CountCircuit() =>
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
            Interlocked.Add(ref _circuitBytes, frame.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(frame.Text ?? ""));

    public BrowserLook Look => look;

    public string BaseUrl => baseUrl;

    public static async Task<BrowserSession> OpenAsync(BrowserHostFixture fixture, BrowserLook? look = null)
    {
        look ??= new BrowserLook();
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseUrl, Locale = look.Culture == "en" ? "en-US" : "zh-CN", TimezoneId = look.TimeZone,
            ViewportSize = new ViewportSize { Width = Wide, Height = 900 },
        });
        if (look.Dark) await context.AddInitScriptAsync("try { localStorage.setItem('su-dark', '1'); } catch { }");
        // Every page records what the content security policy blocked (see AssertAccessibleAsync).
        await context.AddInitScriptAsync("window.__cspViolations = []; document.addEventListener('securitypolicyviolation', " +
            "e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));");
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        // The culture cookie, as the language switch sets it.
        await page.GotoAsync($"portal/culture?culture={(look.Culture == "en" ? "en" : "zh-Hans")}&returnUrl=/account/login");
        var session = new BrowserSession(context, page, fixture.BaseUrl, look);
        session.CountCircuit();
        return session;
    }

    public static async Task<BrowserSession> SignInAsync(BrowserHostFixture fixture, string user, string password, BrowserLook? look = null)
    {
        var session = await OpenAsync(fixture, look);
        var page = session.Page;
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await session.WaitForCircuitAsync();
        return session;
    }

    public async Task GotoAsync(string path)
    {
        await page.GotoAsync(path);
        await WaitForCircuitAsync();
    }

    /// <summary>Clicks before the circuit is up land nowhere: wait for Blazor, the network, the interactive layout and the theme.</summary>
    public async Task WaitForCircuitAsync()
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForFunctionAsync("() => document.querySelector('.mud-progress-linear') === null");
        if (look.Dark && await page.Locator("[data-testid=dark-toggle]").CountAsync() > 0)
            await page.WaitForSelectorAsync("[data-testid=dark-toggle][data-theme=dark]");
    }

    /// <summary>Full-page screenshots at 1280 px and 390 px into ServiceUsage.Tests/artifacts.</summary>
    public async Task ScreenshotsAsync(string name)
    {
        var suffix = (look.Dark ? "-dark" : "") + (look.Culture == "en" ? "" : "-zh");
        await ScreenshotAsync($"{name}{suffix}-{Wide}");
        await page.SetViewportSizeAsync(Narrow, 844);
        await page.WaitForTimeoutAsync(300); // MudBlazor's breakpoint service re-lays tables out
        await ScreenshotAsync($"{name}{suffix}-{Narrow}");
        await page.SetViewportSizeAsync(Wide, 900);
        await page.WaitForTimeoutAsync(300);
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
        Assert.True(bad.Count == 0, $"{page.Url} ({(look.Dark ? "dark" : "light")}): {string.Join("\n", bad)}");
    }

    /// <summary>
    /// Visible text, labels, titles and placeholders with Latin words outside data values (marked translate="no") and a
    /// few names that stay as they are (currency and zone codes, API, CSV, the product's name).
    /// </summary>
    public Task<string[]> UntranslatedTextAsync() => page.EvaluateAsync<string[]>("""
        () => {
          const allowed = /\b(CNY|UTC|API|CSV|ID|ServiceUsage)\b/g;
          const bad = new Set();
          const skip = el => el.closest('[translate="no"], script, style, [lang]:not(html), #components-reconnect-modal');
          const check = (text, where) => { if (/[A-Za-z]{2,}/.test(text.replace(allowed, ''))) bad.add(where + ': ' + text.trim().slice(0, 100)); };
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const el = walker.currentNode.parentElement;
            if (!el || skip(el) || (!el.getClientRects().length && !el.closest('.sr-only'))) continue;
            check(walker.currentNode.textContent, el.tagName.toLowerCase());
          }
          document.querySelectorAll('[aria-label],[placeholder],[title]').forEach(el => {
            if (skip(el)) return;
            for (const a of ['aria-label', 'placeholder', 'title']) { const v = el.getAttribute(a); if (v) check(v, el.tagName.toLowerCase() + '@' + a); }
          });
          return [...bad];
        }
        """);

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
