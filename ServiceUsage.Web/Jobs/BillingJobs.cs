using Hangfire;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Budgets;
using ServiceUsage.Domain.Events;

namespace ServiceUsage.Web.Jobs;

/// <summary><c>postpay-billing</c>: every ended, uncharged hour of every active postpay order.</summary>
public sealed class PostpayBillingJob(BillingRunner runner, ChargingService charging, IBackgroundJobClient jobs)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 60, 120, 300, 600])]
    public async Task RunAsync(CancellationToken ct)
    {
        await runner.RunAsync(JobIds.PostpayBilling, (run, token) => charging.ChargePostpayAsync(run.AsOf, run.Progress, token), ct);
        BudgetWatchJob.After(jobs);
    }
}

/// <summary><c>prepay-lifecycle</c>: renews auto-renew prepay orders at their end, expires the rest; then numbers their events.</summary>
public sealed class PrepayLifecycleJob(BillingRunner runner, ChargingService charging, EventSequencer events, IBackgroundJobClient jobs)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 60, 120, 300, 600])]
    public async Task RunAsync(CancellationToken ct)
    {
        await runner.RunAsync(JobIds.PrepayLifecycle, (run, token) => charging.RunPrepayLifecycleAsync(run.AsOf, run.Progress, token), ct);
        await events.SequenceAsync(ct: ct);
        BudgetWatchJob.After(jobs);
    }
}

/// <summary>
/// <c>budget-watch</c>: records budget events (thresholds crossed, forecast beyond the budget) once per user, month and
/// threshold, every few minutes and after each billing run; then numbers them. Two hosts may run it at once: the
/// alert markers' key lets only one record each alert.
/// </summary>
public sealed class BudgetWatchJob(BudgetWatch watch, EventSequencer events)
{
    [AutomaticRetry(Attempts = 0)] // the next scheduled run is the retry
    public async Task<BudgetWatchResult> RunAsync(CancellationToken ct)
    {
        var result = await watch.RunAsync(ct);
        if (result.Recorded > 0) await events.SequenceAsync(ct: ct);
        return result;
    }

    /// <summary>Queues a pass after a billing run has charged what was due.</summary>
    public static void After(IBackgroundJobClient jobs) => jobs.Enqueue<BudgetWatchJob>(j => j.RunAsync(CancellationToken.None));
}

/// <summary><c>event-sequencing</c>: numbers committed events (docs/adr/0011), in bounded transactions until none is left.</summary>
public sealed class EventSequencingJob(EventSequencer events)
{
    [AutomaticRetry(Attempts = 0)] // the next minute's run is the retry
    public Task<int> RunAsync(CancellationToken ct) => events.SequenceAsync(ct: ct);
}
