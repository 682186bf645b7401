using Hangfire;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Web.Jobs;

/// <summary>What an admin may do by hand: run the billing jobs now, or audit and repair the ledger from a time.</summary>
public sealed class BillingControls(IRecurringJobManager jobs, LedgerRepair repair)
{
    /// <summary>Queues both billing jobs now; the usual lock keeps them from overlapping a scheduled run.</summary>
    public void RunNow()
    {
        jobs.Trigger(JobIds.PostpayBilling);
        jobs.Trigger(JobIds.PrepayLifecycle);
    }

    /// <summary>Queues the statements job now (closes every month that may close; a month already closed stays as it is).</summary>
    public void CloseStatementsNow() => jobs.Trigger(JobIds.Statements);

    /// <summary>Re-runs billing from <paramref name="from"/>: fills missing hours, never duplicates (see <see cref="LedgerRepair"/>).</summary>
    public Task<RepairReport> RerunFromAsync(DateTime from, CancellationToken ct = default) => repair.RepairFromAsync(from, ct);
}
