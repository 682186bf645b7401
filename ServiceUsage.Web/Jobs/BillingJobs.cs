using Hangfire;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Web.Jobs;

/// <summary><c>postpay-billing</c>: every ended, uncharged hour of every active postpay order.</summary>
public sealed class PostpayBillingJob(BillingRunner runner, ChargingService charging)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 60, 120, 300, 600])]
    public Task RunAsync(CancellationToken ct) =>
        runner.RunAsync(JobIds.PostpayBilling, (run, token) => charging.ChargePostpayAsync(run.AsOf, run.Progress, token), ct);
}

/// <summary><c>prepay-lifecycle</c>: renews auto-renew prepay orders at their end, expires the rest.</summary>
public sealed class PrepayLifecycleJob(BillingRunner runner, ChargingService charging)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 60, 120, 300, 600])]
    public Task RunAsync(CancellationToken ct) =>
        runner.RunAsync(JobIds.PrepayLifecycle, (run, token) => charging.RunPrepayLifecycleAsync(run.AsOf, run.Progress, token), ct);
}
