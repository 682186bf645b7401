using Hangfire;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Statements;

namespace ServiceUsage.Web.Jobs;

/// <summary>
/// <c>statements</c>: closes every tenant's month that may close (BILLING.md "Statements"), under the job lock and with
/// a run record like the billing jobs'. Its record counts tenants looked at (orders), statements closed (rows) and the
/// money they charge.
/// </summary>
public sealed class StatementsJob(BillingJobRunner runner, StatementClosing closing)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 600, 1800, 3600])]
    public Task RunAsync(CancellationToken ct) =>
        runner.RunAsync(JobIds.Statements, async (_, asOf, token) =>
        {
            var result = await closing.CloseDueAsync(asOf, token);
            return new ChargeResult(result.TenantsSeen, result.StatementsClosed, result.Charged);
        }, ct);
}
