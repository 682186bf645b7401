using Microsoft.AspNetCore.Diagnostics;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Operations;

/// <summary>
/// Puts the order id of an order request in the log scope (the request id is already there), counts API errors by
/// endpoint for /metrics, and logs each API error answer once: refusals (4xx) as information, failures (5xx) as
/// errors with the exception the error pipeline handled.
/// </summary>
public sealed partial class RequestLogScope(RequestDelegate next, ILogger<RequestLogScope> logger, BillingMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        using var scope = context.Request.RouteValues.TryGetValue("orderId", out var id) && id is string orderId
            ? logger.BeginScope(new Dictionary<string, object> { ["OrderId"] = orderId })
            : null;
        if (!ApiPaths.IsApi(context))
        {
            await next(context);
            return;
        }
        // Routing has run; the error pipeline clears the endpoint later, so name it now.
        var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        // Counted as the response starts, so a client that has its answer also finds it in /metrics.
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode >= 400) metrics.RecordApiError(endpoint, context.Response.StatusCode);
            return Task.CompletedTask;
        });
        await next(context);
        var status = context.Response.StatusCode;
        if (status < 400) return;
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        // An outage answers every request with 503: one line each, without a stack trace.
        if (status == StatusCodes.Status503ServiceUnavailable) LogUnavailable(logger, context.Request.Method, endpoint, error?.GetType().Name);
        else if (status >= 500) LogFailed(logger, error, context.Request.Method, endpoint, status);
        else LogRefused(logger, context.Request.Method, endpoint, status);
    }

    private static string Endpoint(HttpContext context) => (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";

    [LoggerMessage(Level = LogLevel.Error, Message = "API {Method} {Endpoint} failed with {Status}")]
    private static partial void LogFailed(ILogger logger, Exception? exception, string method, string endpoint, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API {Method} {Endpoint} unavailable (503): {Error}")]
    private static partial void LogUnavailable(ILogger logger, string method, string endpoint, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "API {Method} {Endpoint} refused with {Status}")]
    private static partial void LogRefused(ILogger logger, string method, string endpoint, int status);
}
