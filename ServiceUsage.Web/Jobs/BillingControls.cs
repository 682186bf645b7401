using Hangfire;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Web.Jobs;

/// <summary>Run the billing jobs now, by hand (re-running from a time is the Domain's <see cref="LedgerRepair"/>).</summary>
public sealed class BillingControls(IRecurringJobManager jobs)
{
    /// <summary>Queues both billing jobs now; the usual lock keeps them from overlapping a scheduled run.</summary>
    public void RunNow()
    {
        jobs.Trigger(JobIds.PostpayBilling);
        jobs.Trigger(JobIds.PrepayLifecycle);
    }

    /// <summary>Queues the statements job now (closes every month that may close; a month already closed stays as it is).</summary>
    public void CloseStatementsNow() => jobs.Trigger(JobIds.Statements);
}
