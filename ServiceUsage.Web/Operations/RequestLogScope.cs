namespace ServiceUsage.Web.Operations;

/// <summary>
/// Puts the order id of an order request in the log scope (the request id is already there) and counts API
/// errors by endpoint for /metrics.
/// </summary>
public sealed class RequestLogScope(RequestDelegate next, ILogger<RequestLogScope> logger, BillingMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        using var scope = context.Request.RouteValues.TryGetValue("orderId", out var id) && id is string orderId
            ? logger.BeginScope(new Dictionary<string, object> { ["OrderId"] = orderId })
            : null;
        if (context.Request.Path.StartsWithSegments("/usageapi"))
        {
            // Counted as the response starts, so a client that has its answer also finds it in /metrics.
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode >= 400)
                {
                    var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                    metrics.RecordApiError(endpoint, context.Response.StatusCode);
                }
                return Task.CompletedTask;
            });
        }
        await next(context);
    }
}
