using Microsoft.AspNetCore.WebUtilities;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>
/// An API error that would leave with an empty body (no route, wrong method) gets a ProblemDetails body, so the
/// portal's status-code pages never re-execute it into HTML.
/// </summary>
public sealed class ApiEmptyErrorBodies(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var response = context.Response;
        if (!context.Request.Path.StartsWithSegments("/usageapi") || response.HasStarted || response.StatusCode < 400
            || response.ContentLength is not null || !string.IsNullOrEmpty(response.ContentType)) return;
        var detail = response.StatusCode switch
        {
            StatusCodes.Status404NotFound => "No such API endpoint.",
            StatusCodes.Status405MethodNotAllowed => "This endpoint does not accept that method.",
            _ => "The request failed.",
        };
        await ApiProblems.WriteAsync(context, response.StatusCode, ReasonPhrases.GetReasonPhrase(response.StatusCode), detail);
    }
}
