using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceUsage.Web.Operations;

/// <summary>/healthz and /healthz/live: the process answers. /healthz/ready: database, schema and job server are fine.</summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>How long one readiness check may take: the probes in docs/deploy.md wait 1 s for the whole answer.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromMilliseconds(800);

    public static void MapHealth(this WebApplication app)
    {
        var live = new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync };
        app.MapHealthChecks("/healthz", live).AllowAnonymous();
        app.MapHealthChecks("/healthz/live", live).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteJsonAsync,
        }).AllowAnonymous();
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                error = e.Value.Exception?.GetType().Name,
                data = e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
