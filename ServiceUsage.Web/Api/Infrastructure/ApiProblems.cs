using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>RFC 9457 problem bodies for the API, also where MVC is not involved (authentication, unknown routes).</summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ProblemDetails Create(HttpContext context, int status, string title, string detail, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://httpstatuses.io/{status}",
            Instance = context.Request.Path,
        };
        if (field is not null) problem.Extensions["field"] = field;
        problem.Extensions["traceId"] = context.TraceIdentifier;
        return problem;
    }

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, string? field = null)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        await context.Response.WriteAsync(JsonSerializer.Serialize(Create(context, status, title, detail, field), Json));
    }
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
