using OpenTelemetry.Metrics;

namespace ServiceUsage.Web.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>Health checks, metrics (OpenTelemetry, Prometheus), structured logs and the shutdown budget.</summary>
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
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(BillingMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());

        // SIGTERM: the host stops the job server, whose token cancels the running batch (its transaction rolls back).
        var timeout = builder.Configuration.GetValue("Host:ShutdownTimeoutSeconds", 30);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(timeout));
        return builder;
    }

    public static WebApplication MapServiceUsageOperations(this WebApplication app)
    {
        app.UseMiddleware<RequestLogScope>();
        app.MapHealth();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
