using Microsoft.AspNetCore.Diagnostics;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>An unexpected failure on an API path is a 500 ProblemDetails (logged), not the portal's error page.</summary>
public sealed partial class ApiUnhandledExceptionHandler(ILogger<ApiUnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!context.Request.Path.StartsWithSegments("/" + ApiControllerBase.Prefix)) return false;
        LogFailed(logger, exception, context.Request.Method, context.Request.Path);
        await ApiProblems.WriteAsync(context, StatusCodes.Status500InternalServerError, "Server error",
            "The request failed unexpectedly; nothing is known to have changed. Try again or contact the operator.");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "API request {Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);
}
