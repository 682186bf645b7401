using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// One billing transaction, whatever the database: read the batch's orders, take the rows charged for them one at a
/// time, then write the changed orders and whatever the recorders add, and commit. Nothing of it is kept unless all
/// of it commits. MySQL streams the rows out in multi-row INSERTs as they come (<see cref="BulkLedgerWriter"/>);
/// the embedded SQLite database tracks them and saves once (<see cref="TrackedLedgerBatch"/>). Either way the caller
/// bounds the rows of one batch (<see cref="BillingOptions.MaxRowsPerTransaction"/>).
/// </summary>
internal abstract class LedgerBatch(ServiceUsageDbContext db, IDbContextTransaction transaction) : IAsyncDisposable
{
    protected ServiceUsageDbContext Db { get; } = db;

    protected IDbContextTransaction Transaction { get; } = transaction;

    /// <summary>
    /// Opens the transaction. MySQL reads at READ COMMITTED: the batch's locking read then locks the orders it returns
    /// and no gaps between them, so the platform can insert orders while a run holds its batches.
    /// </summary>
    public static async Task<LedgerBatch> BeginAsync(ServiceUsageDbContext db, CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return new TrackedLedgerBatch(db, await db.Database.BeginTransactionAsync(ct));
        return new BulkLedgerWriter(db, await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct));
    }

    /// <summary>The batch's orders: on MySQL locked until commit, skipping those another transaction holds.</summary>
    public abstract Task<List<PurchaseOrder>> ReadOrdersAsync(IQueryable<PurchaseOrder> batch, CancellationToken ct);

    /// <summary>One row of the batch; MySQL may send it at once, so the caller never holds a batch's rows.</summary>
    public abstract ValueTask AddAsync(UsageRecord row, CancellationToken ct);

    /// <summary>Writes the changed orders, then the recorders' rows, then commits; a lost race is a <see cref="BillingError.Conflict"/>.</summary>
    public async Task CommitAsync(BillingBatch batch, IEnumerable<IBillingBatchRecorder> recorders, CancellationToken ct)
    {
        if (batch.Orders.Count > 0)
        {
            await WriteAsync(batch.Orders.Where(o => o.OrderChanged).Select(o => o.Order).ToList(), ct);
            foreach (var recorder in recorders) await recorder.RecordAsync(Db, batch, ct);
        }
        await Transaction.CommitAsync(ct);
    }

    /// <summary>Sends what is still buffered and the changed orders (ROW_VERSION one past, as each order says).</summary>
    protected abstract Task WriteAsync(IReadOnlyList<PurchaseOrder> changed, CancellationToken ct);

    public virtual ValueTask DisposeAsync() => Transaction.DisposeAsync();
}

/// <summary>The embedded SQLite default: tracked orders and rows, one SaveChanges; the concurrency tokens catch a race.</summary>
internal sealed class TrackedLedgerBatch(ServiceUsageDbContext db, IDbContextTransaction transaction) : LedgerBatch(db, transaction)
{
    public override Task<List<PurchaseOrder>> ReadOrdersAsync(IQueryable<PurchaseOrder> batch, CancellationToken ct) => batch.ToListAsync(ct);

    public override ValueTask AddAsync(UsageRecord row, CancellationToken ct)
    {
        Db.UsageHistory.Add(row);
        return ValueTask.CompletedTask;
    }

    protected override Task WriteAsync(IReadOnlyList<PurchaseOrder> changed, CancellationToken ct) => Db.SaveChangesOrConflictAsync(ct);
}
