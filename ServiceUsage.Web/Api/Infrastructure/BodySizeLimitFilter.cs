using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ServiceUsage.Web.Api.Infrastructure;

/// <summary>Refuses bodies over 64 KB with a 413 before model binding reads them (also chunked ones, as they are read).</summary>
public sealed class BodySizeLimitFilter : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.ContentLength > ApiInput.MaxBodyBytes)
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Payload too large", ApiProblems.DefaultDetail(413));
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = ApiInput.MaxBodyBytes;
        await next();
    }
}
