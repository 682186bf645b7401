using Microsoft.AspNetCore.Mvc;
using Scalar.AspNetCore;
using ServiceUsage.Web.Api.Infrastructure;
using ServiceUsage.Web.Api.Orders;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Web.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The REST API under /usageapi/v1: controllers, bearer authentication, ProblemDetails, OpenAPI.</summary>
    public static WebApplicationBuilder AddServiceUsageApi(this WebApplicationBuilder builder)
    {
        builder.AddServiceUsageBearer();
        var services = builder.Services;
        services.AddControllers(o => o.Filters.Add<BodySizeLimitFilter>())
            .AddJsonOptions(o => ApiJson.Configure(o.JsonSerializerOptions))
            .ConfigureApiBehaviorOptions(o =>
            {
                o.InvalidModelStateResponseFactory = ApiModelErrors.Response;
                // Empty client errors (415, 406) are written by the status-code step of the error pipeline, like every other.
                o.SuppressMapClientErrors = true;
            });
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddScoped<IdempotencyStore>();
        services.AddServiceUsageOpenApi(builder.Configuration);
        return builder;
    }

    public static WebApplication MapServiceUsageApi(this WebApplication app)
    {
        app.MapControllers();
        app.MapOpenApi();
        app.MapScalarApiReference("/api-docs", o => o.WithTitle("ServiceUsage API"));
        return app;
    }

    /// <summary>
    /// Errors. Under /usageapi every exception and every empty error answer (unknown path, wrong method, 415) becomes a
    /// problem body, without re-executing anything. Elsewhere the portal's error and status pages (a database that
    /// cannot be reached is a 503 there too). The API's step sits inside the portal's, so it answers first; the portal's
    /// stays in the main pipeline because re-executing a page needs the app's routing.
    /// </summary>
    public static WebApplication UseServiceUsageErrors(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                CreateScopeForErrors = true,
                StatusCodeSelector = e => Domain.Data.RequestFailFast.IsDatabaseUnavailable(e) ? 503 : 500,
            });
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.UseWhen(ApiPaths.IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages(context => ApiProblems.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode));
        });
        return app;
    }
}
