using Hangfire;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Statements;

namespace ServiceUsage.Web.Jobs;

/// <summary>
/// <c>statements</c>: closes every tenant's month that may close (BILLING.md "Statements"), under the job lock and with
/// a run record like the billing jobs': each stored batch adds its tenants (orders), statements (rows) and the money
/// they charge to the record in its own transaction; the report names the numbers issued.
/// </summary>
public sealed class StatementsJob(BillingRunner runner, StatementClosing closing, EventSequencer events)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 600, 1800, 3600])]
    public async Task RunAsync(CancellationToken ct)
    {
        await runner.RunAsync(BillingJobs.Statements, async (run, token) =>
        {
            var result = await closing.CloseDueAsync(run.AsOf, run, token);
            run.Report = result.Summary;
        }, ct);
        await events.SequenceAsync(ct: ct);
    }
}
