using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace ServiceUsage.Web.Portal;

/// <summary>The <c>Statements</c> section: where Chromium is, for statement PDFs.</summary>
public sealed class StatementPdfOptions
{
    public const string Section = "Statements";

    /// <summary>The Chromium (or Chrome) binary that prints PDFs; without one the PDF download answers 503.</summary>
    [Required] public string ChromiumPath { get; set; } = "/usr/bin/chromium";
}

/// <summary>
/// Prints HTML to an A4 PDF with the local Chromium (headless, through PuppeteerSharp; never a downloaded browser).
/// One short-lived browser per document, at most two at once: PDFs are asked for rarely, and nothing stays running.
/// </summary>
public sealed class ChromiumPdf(IOptions<StatementPdfOptions> options)
{
    private static readonly SemaphoreSlim Gate = new(2, 2);

    public bool IsAvailable => File.Exists(options.Value.ChromiumPath);

    public async Task<byte[]> PrintAsync(string html, CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = options.Value.ChromiumPath,
                Headless = true,
                Timeout = 60_000,
                Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-extensions", "--font-render-hinting=none"],
            });
            await using var page = await browser.NewPageAsync();
            // The document is our own markup with its stylesheet inlined: it needs no script and no network.
            await page.SetJavaScriptEnabledAsync(false);
            await page.SetOfflineModeAsync(true);
            await page.SetContentAsync(html);
            return await page.PdfDataAsync(new PdfOptions
            {
                Format = PaperFormat.A4,
                PrintBackground = true,
                PreferCSSPageSize = true,
                MarginOptions = new MarginOptions { Top = "12mm", Bottom = "12mm", Left = "12mm", Right = "12mm" },
            });
        }
        finally
        {
            Gate.Release();
        }
    }
}
