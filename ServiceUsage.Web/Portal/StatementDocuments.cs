using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Localization;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Web.Components.Shared;

namespace ServiceUsage.Web.Portal;

/// <summary>
/// The statement as a standalone document: the same <see cref="StatementDocument"/> component the portal page shows,
/// rendered to HTML with its stylesheet inlined, and printed to an A4 PDF by Chromium (docs/adr/0010).
/// </summary>
public sealed class StatementDocuments(IServiceScopeFactory scopes, ILoggerFactory loggers, IWebHostEnvironment environment, ChromiumPdf chromium)
{
    public async Task<string> HtmlAsync(Statement statement, CultureInfo culture)
    {
        var (culture0, uiCulture0) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
            var body = await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(StatementDocument.Statement)] = statement });
                return (await renderer.RenderComponentAsync<StatementDocument>(parameters)).ToHtmlString();
            });
            var title = WebUtility.HtmlEncode(statement.Number ?? $"{statement.User} {statement.Month}");
            return $"""
                <!DOCTYPE html>
                <html lang="{(PortalLocalization.IsChinese ? "zh-Hans" : "en")}"><head><meta charset="utf-8"><title>{title}</title>
                <style>{await StyleSheetAsync()}</style></head><body>{body}</body></html>
                """;
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture0, uiCulture0);
        }
    }

    /// <summary>The PDF, or null when this deployment has no Chromium.</summary>
    public async Task<byte[]?> PdfAsync(Statement statement, CultureInfo culture, CancellationToken ct) =>
        chromium.IsAvailable ? await chromium.PrintAsync(await HtmlAsync(statement, culture), ct) : null;

    /// <summary>The document's language: <c>lang</c> if given (en or zh-Hans), else the request's culture (cookie, Accept-Language).</summary>
    public static CultureInfo Culture(string? lang, HttpContext http)
    {
        if (lang is not null) return CultureInfo.GetCultureInfo(lang.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-Hans" : "en");
        return http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? CultureInfo.GetCultureInfo("en");
    }

    public static string FileName(Statement statement, string extension) => $"{statement.Number}.{extension}";

    private async Task<string> StyleSheetAsync()
    {
        var file = environment.WebRootFileProvider.GetFileInfo("css/statement.css");
        await using var stream = file.CreateReadStream();
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
