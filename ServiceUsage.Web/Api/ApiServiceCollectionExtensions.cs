using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
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
        services.AddControllers(o =>
            {
                o.Filters.Add<ApiExceptionFilter>();
                o.Filters.Add<BodySizeLimitFilter>();
            })
            .AddJsonOptions(o =>
            {
                o.JsonSerializerOptions.Converters.Add(new ApiTimeJsonConverter());
                // "5" is not a number; and text echoed back never carries raw HTML.
                o.JsonSerializerOptions.NumberHandling = JsonNumberHandling.Strict;
                o.JsonSerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            });
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiUnhandledExceptionHandler>();
        services.AddScoped<IdempotencyStore>();
        services.AddOpenApi(o =>
        {
            // The document describes the platform's API only, not the portal's own form and download endpoints.
            o.ShouldInclude = d => d.RelativePath?.StartsWith(ApiControllerBase.Prefix + "/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<BearerSecurityTransformer>();
        });
        return builder;
    }

    public static WebApplication MapServiceUsageApi(this WebApplication app)
    {
        app.MapControllers();
        app.MapOpenApi();
        app.MapScalarApiReference("/api-docs", o => o.WithTitle("ServiceUsage API"));
        // Unknown paths, wrong methods: a ProblemDetails body rather than the portal's not-found page.
        app.UseMiddleware<ApiEmptyErrorBodies>();
        return app;
    }
}
