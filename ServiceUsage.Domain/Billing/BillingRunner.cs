using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Billing;

/// <summary>What a billing operation gets from its runner: the instant to charge to and the recorder of its progress.</summary>
public sealed class BillingRunContext(BillingRun run, IBillingBatchRecorder progress)
{
    /// <summary>
    /// For work that is not a ledger batch (closing statements): adds its counts to the run record inside the caller's
    /// transaction; call <see cref="Committed"/> once that transaction committed. Metrics of charges are not touched.
    /// </summary>
    public Task AddAsync(ServiceUsageDbContext db, ChargeResult counts, CancellationToken ct) =>
        RunCounts.AddAsync(db, run.Id, counts, ct);

    /// <inheritdoc cref="AddAsync"/>
    public void Committed(ChargeResult counts) => RunCounts.Add(run, counts);

    public long RunId => run.Id;

    public DateTime AsOf => run.AsOf;

    /// <summary>Pass it to every batch: each adds its counts to the run record in its own transaction.</summary>
    public IBillingBatchRecorder Progress { get; } = progress;

    /// <summary>Stored with the run when it ends (at most 2000 characters).</summary>
    public string? Report { get; set; }
}

/// <summary>
/// Runs one billing operation under its job's lock with a truthful run record (SU_BILLING_RUN): the row is written
/// before the operation starts, every committed batch adds its counts in its own transaction, and the end sets the
/// outcome. A run whose host died is marked abandoned by the next run that takes the same lock; an attempt the
/// database was too far gone to record is recorded as failed once it is back (<see cref="UnrecordedRuns"/>).
/// Failures are rethrown so Hangfire retries them; the ledger stays whole because every batch is its own transaction.
/// </summary>
public sealed partial class BillingRunner(
    IDbContextFactory<ServiceUsageDbContext> contexts, BillingLock locks, UnrecordedRuns unrecorded, TimeProvider clock,
    IEnumerable<IBillingRunObserver> observers, ILogger<BillingRunner> logger)
{
    /// <summary>This process, as run records name it.</summary>
    public static readonly string HostName = $"{Environment.MachineName}-{Environment.ProcessId}";

    private readonly IReadOnlyList<IBillingRunObserver> _observers = observers.ToList();

    /// <summary>The run as recorded, or null when another runner holds the job's lock (nothing ran, nothing recorded).</summary>
    public async Task<BillingRun?> RunAsync(string job, Func<BillingRunContext, CancellationToken, Task> operation, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var now = BillingTime.Now(clock);
        var run = new BillingRun { Job = job, Host = HostName, StartedAt = now, AsOf = now, Outcome = BillingRunOutcome.Running };
        IAsyncDisposable? held;
        try
        {
            held = await locks.TryAcquireAsync(BillingJobs.LockOf(job), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            End(run, ex, watch);
            unrecorded.Add(run);
            LogFailed(logger, ex, job, 0);
            throw;
        }
        if (held is null)
        {
            LogBusy(logger, job);
            return null;
        }

        await using (held)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            try
            {
                await unrecorded.WriteAsync(db, ct);
                db.BillingRuns.Add(run);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                await AbandonOthersAsync(db, run, ct);
            }
            catch (Exception ex)
            {
                End(run, ex, watch);
                if (run.Id != 0) unrecorded.Add(Copy(run));
                else if (ex is not OperationCanceledException) unrecorded.Add(run);
                LogFailed(logger, ex, job, 0);
                throw;
            }

            using var scope = logger.BeginScope(new Dictionary<string, object> { ["BillingJob"] = job, ["BillingRunId"] = run.Id });
            var context = new BillingRunContext(run, new RunProgress(run, _observers));
            try
            {
                await operation(context, ct);
                run.Report = Truncate(context.Report);
                End(run, null, watch);
                LogDone(logger, job, run.OrdersSeen, run.RowsCharged, run.MoneyCharged);
                return run;
            }
            catch (Exception ex)
            {
                run.Report = Truncate(context.Report);
                End(run, ex, watch);
                LogFailed(logger, ex, job, run.RowsCharged);
                throw;
            }
            finally
            {
                try
                {
                    await UnrecordedRuns.SetOutcomeAsync(db, run, CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    unrecorded.Add(Copy(run)); // the database went away too: say it once it is back
                }
            }
        }
    }

    /// <summary>
    /// Runs of this lock still "running" while this one holds the lock: their holder let go of it without ending its
    /// record, which only a dead host does (its lock connection closed with it).
    /// </summary>
    private async Task AbandonOthersAsync(ServiceUsageDbContext db, BillingRun run, CancellationToken ct)
    {
        var jobs = BillingJobs.Holding(BillingJobs.LockOf(run.Job));
        var abandoned = await db.BillingRuns
            .Where(r => jobs.Contains(r.Job) && r.Outcome == BillingRunOutcome.Running && r.Id != run.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Outcome, BillingRunOutcome.Abandoned)
                .SetProperty(r => r.EndedAt, run.StartedAt)
                .SetProperty(r => r.Error, "Its host stopped during the run without recording an end; the counts are what it committed."), ct);
        if (abandoned > 0) LogAbandoned(logger, abandoned, run.Job);
    }

    private void End(BillingRun run, Exception? error, Stopwatch watch)
    {
        run.EndedAt = BillingTime.Now(clock);
        (run.Outcome, run.Error) = error switch
        {
            null => (BillingRunOutcome.Succeeded, null),
            OperationCanceledException => (BillingRunOutcome.Cancelled, "Stopped by a shutdown; the counts are what it committed and the next run does the rest."),
            _ when run.Id == 0 => (BillingRunOutcome.Failed, Truncate($"The database could not be reached to start the run: {error.Message}")),
            _ => (BillingRunOutcome.Failed, Truncate(error.Message)),
        };
        foreach (var observer in _observers) observer.RunEnded(run.Job, run.Outcome, watch.Elapsed);
    }

    private static BillingRun Copy(BillingRun run) => new()
    {
        Id = run.Id, Job = run.Job, Outcome = run.Outcome, EndedAt = run.EndedAt, Error = run.Error, Report = run.Report,
    };

    private static string? Truncate(string? text) => text is null || text.Length <= 2000 ? text : text[..2000];

    /// <summary>Adds each batch's counts to the run record inside the batch's transaction, and to the metrics once it commits.</summary>
    private sealed class RunProgress(BillingRun run, IReadOnlyList<IBillingRunObserver> observers) : IBillingBatchRecorder
    {
        public Task RecordAsync(ServiceUsageDbContext db, BillingBatch batch, CancellationToken ct) =>
            RunCounts.AddAsync(db, run.Id, batch.Result, ct);

        public void Committed(BillingBatch batch)
        {
            RunCounts.Add(run, batch.Result);
            foreach (var observer in observers) observer.BatchCommitted(run.Job, batch.Result);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} skipped: another runner holds its lock")]
    private static partial void LogBusy(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} done: {Orders} orders, {Rows} rows, {Money} charged")]
    private static partial void LogDone(ILogger logger, string job, int orders, int rows, decimal money);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} failed after committing {Rows} rows")]
    private static partial void LogFailed(ILogger logger, Exception ex, string job, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} earlier run(s) under the lock of {Job} had no end: marked abandoned")]
    private static partial void LogAbandoned(ILogger logger, int count, string job);
}

/// <summary>A run record's counts: in the database inside a committing transaction, and in memory once it committed.</summary>
internal static class RunCounts
{
    public static Task AddAsync(ServiceUsageDbContext db, long runId, ChargeResult counts, CancellationToken ct)
    {
        var (orders, rows, money) = counts;
        return db.BillingRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.OrdersSeen, r => r.OrdersSeen + orders)
            .SetProperty(r => r.RowsCharged, r => r.RowsCharged + rows)
            .SetProperty(r => r.MoneyCharged, r => r.MoneyCharged + money), ct);
    }

    public static void Add(BillingRun run, ChargeResult counts)
    {
        lock (run)
        {
            run.OrdersSeen += counts.OrdersSeen;
            run.RowsCharged += counts.RowsCharged;
            run.MoneyCharged += counts.MoneyCharged;
        }
    }
}
