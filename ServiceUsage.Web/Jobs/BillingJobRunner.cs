using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Time;
using ServiceUsage.Web.Operations;

namespace ServiceUsage.Web.Jobs;

/// <summary>
/// Runs one billing pass under the job's lock and records it in SU_BILLING_RUN. A failure is recorded, logged
/// and rethrown so Hangfire retries it; the ledger stays consistent because every batch is its own transaction.
/// </summary>
public sealed partial class BillingJobRunner(
    ChargingService charging, ServiceUsageDbContext db, JobLock jobLock, TimeProvider clock, BillingMetrics metrics, ILogger<BillingJobRunner> logger)
{
    public async Task<BillingRun?> RunAsync(string job, Func<ChargingService, DateTime, CancellationToken, Task<ChargeResult>> pass, CancellationToken ct)
    {
        await using var held = await jobLock.TryAcquireAsync(job, ct);
        if (held is null)
        {
            LogBusy(logger, job);
            return null;
        }

        var now = BillingTime.Now(clock);
        var run = new BillingRun { Job = job, StartedAt = now, AsOf = now };
        db.BillingRuns.Add(run);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["BillingJob"] = job, ["BillingRunId"] = run.Id });
        try
        {
            var result = await pass(charging, run.AsOf, ct);
            run.OrdersSeen = result.OrdersSeen;
            run.RowsCharged = result.RowsCharged;
            run.MoneyCharged = result.MoneyCharged;
            LogDone(logger, job, result.OrdersSeen, result.RowsCharged, result.MoneyCharged);
            return run;
        }
        catch (Exception ex)
        {
            run.Error = ex is OperationCanceledException ? "Cancelled (shutdown); the next run redoes the rest." : Truncate(ex.Message);
            LogFailed(logger, ex, job);
            throw;
        }
        finally
        {
            // Whatever a failed batch left tracked was rolled back in the database; never save it with the record.
            db.ChangeTracker.Clear();
            run.EndedAt = BillingTime.Now(clock);
            metrics.RecordRun(job, new ChargeResult(run.OrdersSeen, run.RowsCharged, run.MoneyCharged), watch.Elapsed, run.Error is not null);
            db.BillingRuns.Update(run);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} skipped: another runner holds its lock")]
    private static partial void LogBusy(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} done: {Orders} orders, {Rows} rows, {Money} charged")]
    private static partial void LogDone(ILogger logger, string job, int orders, int rows, decimal money);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} failed")]
    private static partial void LogFailed(ILogger logger, Exception ex, string job);
}
