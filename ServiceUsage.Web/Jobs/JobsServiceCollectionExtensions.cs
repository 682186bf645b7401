using Hangfire;
using Hangfire.Redis.StackExchange;
using Microsoft.Extensions.Options;

namespace ServiceUsage.Web.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>This process's Hangfire server name (the readiness check looks for it in the job store).</summary>
    public static readonly string ServerName = Domain.Billing.BillingRunner.HostName;

    /// <summary>Hangfire (in-memory or Redis job store), the billing jobs, and the admin controls.</summary>
    public static WebApplicationBuilder AddServiceUsageJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var storage = builder.Configuration.GetSection(HangfireStorageOptions.Section).Get<HangfireStorageOptions>() ?? new();
        if (storage.Storage == JobStorageKind.Redis && string.IsNullOrWhiteSpace(storage.RedisConnection))
            throw new InvalidOperationException("Configuration error: Hangfire__RedisConnection is required when Hangfire__Storage is Redis.");

        services.AddHangfire((provider, config) =>
        {
            config.UseLogProvider(new HangfireLogProvider(provider.GetRequiredService<ILoggerFactory>()));
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (storage.Storage == JobStorageKind.Redis)
                config.UseRedisStorage(storage.RedisConnection, new RedisStorageOptions { Prefix = storage.RedisPrefix });
            else
                config.UseInMemoryStorage();
        });
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new();
        if (jobs.RunServer)
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = 2;
                server.SchedulePollingInterval = jobs.SchedulePollingInterval;
                server.ServerName = ServerName;
            });
        }
        services.AddHostedService<RecurringJobsRegistrar>();
        services.AddScoped<PostpayBillingJob>();
        services.AddScoped<PrepayLifecycleJob>();
        services.AddScoped<HousekeepingJob>();
        services.AddScoped<StatementsJob>();
        services.AddScoped<EventSequencingJob>();
        services.AddScoped<WebhookDeliveryJob>();
        services.AddScoped<BudgetWatchJob>();
        services.AddScoped<BillingControls>();
        return builder;
    }

    /// <summary>The Hangfire dashboard at /hangfire, for admins only.</summary>
    public static WebApplication MapServiceUsageJobs(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            AsyncAuthorization = [new AdminDashboardAuthorization()],
            IsReadOnlyFunc = AdminDashboardAuthorization.IsReadOnly,
            DashboardTitle = "ServiceUsage jobs",
            AppPath = "/",
        });
        return app;
    }
}
