using Hangfire;

namespace ServiceUsage.Web.Jobs;

/// <summary><c>postpay-billing</c>: every ended, uncharged hour of every active postpay order.</summary>
public sealed class PostpayBillingJob(BillingJobRunner runner)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 60, 120, 300, 600])]
    public Task RunAsync(CancellationToken ct) =>
        runner.RunAsync(JobIds.PostpayBilling, (charging, asOf, token) => charging.ChargePostpayAsync(asOf, token), ct);
}

/// <summary><c>prepay-lifecycle</c>: renews auto-renew prepay orders at their end, expires the rest.</summary>
public sealed class PrepayLifecycleJob(BillingJobRunner runner)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [30, 60, 120, 300, 600])]
    public Task RunAsync(CancellationToken ct) =>
        runner.RunAsync(JobIds.PrepayLifecycle, (charging, asOf, token) => charging.RunPrepayLifecycleAsync(asOf, token), ct);
}
