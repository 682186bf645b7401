using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Domain.Billing;

/// <summary>
/// Run records the database could not take when they happened (it was unreachable: an attempt that could not take its
/// lock, or a run's final outcome). Kept in this process and written by the next run that reaches the database, so an
/// outage still leaves a <c>failed</c> row for every attempt it broke.
/// </summary>
public sealed class UnrecordedRuns
{
    private readonly ConcurrentQueue<BillingRun> _runs = new();
    private readonly SemaphoreSlim _writing = new(1, 1);

    public int Count => _runs.Count;

    /// <summary>A run to insert (<see cref="BillingRun.Id"/> 0) or whose outcome to set.</summary>
    public void Add(BillingRun run) => _runs.Enqueue(run);

    public async Task WriteAsync(ServiceUsageDbContext db, CancellationToken ct)
    {
        if (_runs.IsEmpty) return;
        await _writing.WaitAsync(ct);
        try
        {
            while (_runs.TryPeek(out var run))
            {
                if (run.Id == 0)
                {
                    db.BillingRuns.Add(run);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
                else await SetOutcomeAsync(db, run, ct);
                _runs.TryDequeue(out _);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Ends a recorded run; its counts stay what its batches committed.</summary>
    public static Task SetOutcomeAsync(ServiceUsageDbContext db, BillingRun run, CancellationToken ct) =>
        db.BillingRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Outcome, run.Outcome)
            .SetProperty(r => r.EndedAt, run.EndedAt)
            .SetProperty(r => r.Error, run.Error)
            .SetProperty(r => r.Report, run.Report), ct);
}

/// <summary>Told of every committed batch and every run's end (the metrics follow the committed counts).</summary>
public interface IBillingRunObserver
{
    void BatchCommitted(string job, ChargeResult batch);

    void RunEnded(string job, BillingRunOutcome outcome, TimeSpan duration);
}
