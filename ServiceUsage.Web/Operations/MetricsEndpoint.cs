using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ServiceUsage.Web.Operations;

/// <summary>The <c>Metrics</c> section: who may read /metrics, and where.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>When set, /metrics needs <c>Authorization: Bearer &lt;token&gt;</c> (Prometheus: <c>authorization.credentials</c>).</summary>
    [MinLength(16)] public string? BearerToken { get; set; }

    /// <summary>When set, /metrics is served on this port only (a port the route does not expose), not on the app's.</summary>
    [Range(1, 65535)] public int? Port { get; set; }
}

/// <summary>/metrics (Prometheus text): open by default, or behind a bearer token, on the app's port or one of its own.</summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void AddMetricsPort(this WebApplicationBuilder builder)
    {
        var port = builder.Configuration.GetValue<int?>($"{MetricsOptions.Section}:{nameof(MetricsOptions.Port)}");
        if (port is null) return;
        // Kestrel listens on what URLS or HTTP_PORTS say, plus the metrics port (UseUrls replaces both, so repeat them).
        var config = builder.Configuration;
        var urls = config["urls"] is { Length: > 0 } u ? u.Split(';', StringSplitOptions.RemoveEmptyEntries).ToList()
            : config["http_ports"] is { Length: > 0 } ports ? ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://*:{p}").ToList()
            : ["http://localhost:5000"];
        urls.Add($"http://*:{port}");
        builder.WebHost.UseUrls([.. urls]);
    }

    public static void MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options.BearerToken is { Length: > 0 } token)
        {
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes("Bearer " + token));
            app.UseWhen(c => c.Request.Path.StartsWithSegments(Path), b => b.Use(async (context, next) =>
            {
                var presented = SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()));
                if (CryptographicOperations.FixedTimeEquals(presented, expected)) { await next(context); return; }
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsync("/metrics needs 'Authorization: Bearer <Metrics__BearerToken>'.");
            }));
        }
        var endpoint = app.MapPrometheusScrapingEndpoint(Path).AllowAnonymous();
        if (options.Port is { } port) endpoint.RequireHost($"*:{port}");
    }
}
