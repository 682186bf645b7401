using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>
/// RFC 9457 problem bodies for the API: the one place that builds and writes them. Every non-2xx answer under
/// /usageapi carries status, title, a detail in plain words (never a .NET type name), the trace id and, where one
/// input is at fault, <c>field</c>.
/// </summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";
    public const int RetryAfterSeconds = 5;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ProblemDetails Create(HttpContext context, int status, string? title = null, string? detail = null, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title ?? ReasonPhrases.GetReasonPhrase(status),
            Detail = detail ?? DefaultDetail(status),
            Type = $"https://httpstatuses.io/{status}",
            Instance = context.Request.Path,
        };
        if (field is not null) problem.Extensions["field"] = field;
        problem.Extensions["traceId"] = context.TraceIdentifier;
        return problem;
    }

    /// <summary>Writes a problem whatever the request's Accept header says (a generated client always gets JSON).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string? title = null, string? detail = null, string? field = null)
    {
        var response = context.Response;
        if (response.HasStarted) return;
        response.StatusCode = status;
        response.ContentType = ContentType;
        if (status == StatusCodes.Status503ServiceUnavailable) response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        await response.WriteAsync(JsonSerializer.Serialize(Create(context, status, title, detail, field), Json));
    }

    /// <summary>A problem as an MVC result, written by <see cref="WriteAsync"/> (so no output formatter or [Produces] changes it).</summary>
    public static IActionResult Result(int status, string? title = null, string? detail = null, string? field = null) =>
        new ProblemResult(status, title, detail, field);

    private sealed record ProblemResult(int Status, string? Title, string? Detail, string? Field) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => WriteAsync(context.HttpContext, Status, Title, Detail, Field);
    }

    /// <summary>What a status means to the caller, when nothing more specific is known.</summary>
    public static string DefaultDetail(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is not valid.",
        StatusCodes.Status401Unauthorized => "Send 'Authorization: Bearer <token>' with a valid API token.",
        StatusCodes.Status403Forbidden => "This token may not do that.",
        StatusCodes.Status404NotFound => "No such API endpoint.",
        StatusCodes.Status405MethodNotAllowed => "This endpoint does not accept that method.",
        StatusCodes.Status406NotAcceptable => "The API answers application/json only.",
        StatusCodes.Status413PayloadTooLarge => $"Request bodies may be at most {ApiInput.MaxBodyBytes} bytes.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON in UTF-8: 'Content-Type: application/json'.",
        StatusCodes.Status503ServiceUnavailable => "The database cannot be reached just now; nothing was changed. Try again shortly.",
        >= 500 => "The request failed unexpectedly; nothing is known to have changed. Try again or contact the operator.",
        _ => "The request was refused.",
    };
}

/// <summary>A refusal raised by the API layer itself (bad input, not yours); nothing was changed.</summary>
public sealed class ApiProblemException(int status, string title, string detail, string? field = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Field { get; } = field;

    public static ApiProblemException BadRequest(string field, string detail) => new(400, "Invalid request", detail, field);

    public static ApiProblemException NotYours(string field) =>
        new(403, "Forbidden", $"This token may only ask about its own user; '{field}' names another.", field);
}
