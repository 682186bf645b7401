using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Operations;

/// <summary>The <c>Security</c> section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Strict-Transport-Security max-age in days; 0 (the default) sends none. Set it for https deployments (the
    /// OpenShift route terminates TLS, so the app itself sees http).
    /// </summary>
    [Range(0, 730)] public int HstsMaxAgeDays { get; set; }
}

/// <summary>
/// Headers on every answer: nosniff and a referrer policy everywhere; no-store unless a response chose its own
/// caching (static assets do); for the portal's pages a content security policy that MudBlazor and the Blazor
/// circuit work under, and no framing; HSTS when configured.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<SecurityOptions> options)
{
    /// <summary>Inline styles: MudBlazor sets style attributes and theme variables; scripts only from the app itself.</summary>
    public const string PortalPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // Pages of libraries that bring their own inline scripts, and machine endpoints: no portal policy there.
    private static readonly string[] OutsidePortal = [ApiPaths.Root, "/api-docs", "/scalar", "/openapi", "/hangfire", "/metrics", "/healthz"];

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var api = ApiPaths.IsApi(context);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = api ? "no-referrer" : "same-origin";
            if (string.IsNullOrEmpty(headers.CacheControl)) headers.CacheControl = "no-store";
            if (!OutsidePortal.Any(p => context.Request.Path.StartsWithSegments(p)))
            {
                headers.ContentSecurityPolicy = PortalPolicy;
                headers.XFrameOptions = "DENY";
            }
            if (options.Value.HstsMaxAgeDays > 0)
                headers.StrictTransportSecurity = $"max-age={options.Value.HstsMaxAgeDays * 86400}";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
