using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>Refuses bodies over 64 KB with a 413 ProblemDetails before model binding reads them.</summary>
public sealed class BodySizeLimitFilter : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.ContentLength > ApiInput.MaxBodyBytes)
        {
            context.Result = new Microsoft.AspNetCore.Mvc.ObjectResult(ApiProblems.Create(http, 413, "Body too large",
                $"Request bodies may be at most {ApiInput.MaxBodyBytes} bytes.")) { StatusCode = 413 };
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = ApiInput.MaxBodyBytes;
        await next();
    }
}
