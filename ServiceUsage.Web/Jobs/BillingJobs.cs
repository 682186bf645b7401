using Hangfire;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Events;

namespace ServiceUsage.Web.Jobs;

/// <summary><c>postpay-billing</c>: every ended, uncharged hour of every active postpay order.</summary>
public sealed class PostpayBillingJob(BillingRunner runner, ChargingService charging)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 60, 120, 300, 600])]
    public Task RunAsync(CancellationToken ct) =>
        runner.RunAsync(JobIds.PostpayBilling, (run, token) => charging.ChargePostpayAsync(run.AsOf, run.Progress, token), ct);
}

/// <summary><c>prepay-lifecycle</c>: renews auto-renew prepay orders at their end, expires the rest; then numbers their events.</summary>
public sealed class PrepayLifecycleJob(BillingRunner runner, ChargingService charging, EventSequencer events)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 60, 120, 300, 600])]
    public async Task RunAsync(CancellationToken ct)
    {
        await runner.RunAsync(JobIds.PrepayLifecycle, (run, token) => charging.RunPrepayLifecycleAsync(run.AsOf, run.Progress, token), ct);
        await events.SequenceAsync(ct: ct);
    }
}

/// <summary><c>event-sequencing</c>: numbers committed events (docs/adr/0011), in bounded transactions until none is left.</summary>
public sealed class EventSequencingJob(EventSequencer events)
{
    [AutomaticRetry(Attempts = 0)] // the next minute's run is the retry
    public Task<int> RunAsync(CancellationToken ct) => events.SequenceAsync(ct: ct);
}
