using OpenTelemetry.Metrics;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Web.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>Health checks, metrics (OpenTelemetry, Prometheus), structured logs, security headers and the shutdown budget.</summary>
    public static WebApplicationBuilder AddServiceUsageOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Each check gives up after CheckTimeout (they run side by side), so /healthz/ready answers within a second even
        // when the database or Redis accepts connections and never replies.
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag], timeout: HealthEndpoints.CheckTimeout)
            .AddCheck<JobServerHealthCheck>("jobs", tags: [HealthEndpoints.ReadyTag], timeout: HealthEndpoints.CheckTimeout);

        services.AddSingleton<OrderStatusGauge>();
        services.AddSingleton<BillingMetrics>();
        services.AddSingleton<ServiceUsage.Domain.Billing.IBillingRunObserver>(sp => sp.GetRequiredService<BillingMetrics>());
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<ServiceUsage.Domain.Webhooks.IWebhookObserver>(sp => sp.GetRequiredService<WebhookMetrics>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(BillingMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddMetricsPort();

        // SIGTERM: the host stops the job server, whose token cancels the running batch (its transaction rolls back).
        var timeout = builder.Configuration.GetValue("Host:ShutdownTimeoutSeconds", 30);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(timeout));
        return builder;
    }

    public static WebApplication MapServiceUsageOperations(this WebApplication app)
    {
        // Requests (API calls, pages, the portal's circuit) fail fast when the database is down; the jobs retry.
        app.Use(async (context, next) =>
        {
            RequestFailFast.Enter();
            await next(context);
        });
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<RequestLogScope>();
        app.MapHealth();
        app.MapMetrics();
        return app;
    }
}
