using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Domain.Webhooks;

namespace ServiceUsage.Domain;

public static class DomainServiceCollectionExtensions
{
    /// <summary>The ledger database, the billing engine and its options.</summary>
    public static IServiceCollection AddServiceUsageDomain(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        var settings = DatabaseSettings.Resolve(config, contentRoot);
        services.AddSingleton(settings);
        services.AddPooledDbContextFactory<ServiceUsageDbContext>(o => o.UseServiceUsageDatabase(settings));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ServiceUsageDbContext>>().CreateDbContext());

        services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<OrderService>();
        services.AddScoped<ChargingService>();
        // Every billing batch records its order events in its own transaction (docs/adr/0011).
        services.AddSingleton<IBillingBatchRecorder, OrderEventsRecorder>();
        // ... and keeps the daily rollups of the rows it wrote (docs/adr/0014).
        services.AddSingleton<IBillingBatchRecorder, DailyRollupRecorder>();
        services.AddScoped<BillingRunner>();
        services.AddScoped<LedgerRepair>();
        services.AddScoped<DailyRollupMaintenance>();
        services.AddSingleton<BillingLock>();
        services.AddSingleton<UnrecordedRuns>();
        services.AddScoped<UsageQueries>();
        services.AddScoped<UsageSeries>();
        services.AddScoped<UsageReportQuery>();
        services.AddScoped<OverviewQuery>();
        services.AddScoped<Budgets.BudgetService>();
        services.AddScoped<Budgets.ForecastQuery>();
        services.AddSingleton<Budgets.BudgetWatch>();
        services.AddScoped<OrderQueries>();
        services.AddScoped<BillingRunsQuery>();
        services.AddScoped<PlanPricePreview>();
        services.AddSingleton(sp => new MoneyFormat(sp.GetRequiredService<IOptions<BillingOptions>>().Value.Currency));
        services.AddScoped<PlanService>();
        services.AddScoped<StatementLedger>();
        services.AddScoped<StatementClosing>();
        services.AddScoped<StatementQueries>();
        services.AddScoped<EventSequencer>();
        services.AddScoped<EventFeed>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EventRetention>();
        services.AddScoped<Auth.ApiTokenService>();
        services.AddScoped<DatabaseInitializer>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IWebhookDns, SystemWebhookDns>();
        services.AddSingleton<WebhookHttp>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookFanOut>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddScoped<WebhookEndpoints>();
        return services;
    }
}
