using Hangfire;
using Microsoft.Extensions.Options;

namespace ServiceUsage.Web.Jobs;

/// <summary>Registers the recurring jobs at start-up: constant ids, explicit cron, UTC.</summary>
public sealed class RecurringJobsRegistrar(IRecurringJobManager jobs, IOptions<JobsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<PostpayBillingJob>(JobIds.PostpayBilling, j => j.RunAsync(CancellationToken.None), options.Value.PostpayCron, utc);
        jobs.AddOrUpdate<PrepayLifecycleJob>(JobIds.PrepayLifecycle, j => j.RunAsync(CancellationToken.None), options.Value.PrepayCron, utc);
        jobs.AddOrUpdate<StatementsJob>(JobIds.Statements, j => j.RunAsync(CancellationToken.None), options.Value.StatementsCron, utc);
        jobs.AddOrUpdate<EventSequencingJob>(JobIds.EventSequencing, j => j.RunAsync(CancellationToken.None), options.Value.EventsCron, utc);
        jobs.AddOrUpdate<BudgetWatchJob>(JobIds.BudgetWatch, j => j.RunAsync(CancellationToken.None), options.Value.BudgetWatchCron, utc);
        jobs.AddOrUpdate<HousekeepingJob>(JobIds.Housekeeping, j => j.RunAsync(CancellationToken.None), options.Value.HousekeepingCron, utc);
        jobs.AddOrUpdate<WebhookDeliveryJob>(JobIds.WebhookDelivery, j => j.RunAsync(CancellationToken.None), options.Value.WebhookCron, utc);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
