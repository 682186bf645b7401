using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;

namespace ServiceUsage.Domain.Billing;

/// <summary>
/// One order's part of a committed billing batch: the rows written for it over [<paramref name="From"/>,
/// <paramref name="To"/>), and the order as it is after them. <paramref name="OrderChanged"/> is false when only rows
/// were added (a ledger repair filling a hole) and the order itself was left as it was. <paramref name="Days"/> are
/// those rows summed per UTC day as they were written (the rows a daily rollup holds: <see cref="DayTotals"/>).
/// </summary>
public sealed record ChargedOrder(
    PurchaseOrder Order, OrderStatus StatusBefore, DateTime From, DateTime To, int Rows, decimal Money, bool OrderChanged = true)
{
    public IReadOnlyList<DayTotal> Days { get; init; } = [];
}

/// <summary>What one billing transaction wrote: at most <see cref="BillingOptions.MaxRowsPerTransaction"/> rows.</summary>
public sealed record BillingBatch(IReadOnlyList<ChargedOrder> Orders)
{
    public int Rows => Orders.Sum(o => o.Rows);

    public decimal Money => Orders.Sum(o => o.Money);

    public ChargeResult Result => new(Orders.Count, Rows, Money);
}

/// <summary>
/// Records something in the same transaction as a billing batch, for the orders that batch changed; the batch and
/// the records commit or roll back together. The run record's progress is one; an event per renewal or expiry, or
/// a daily rollup of the rows written, would be others (they read <see cref="BillingBatch.Orders"/>, or the rows of
/// those orders over [From, To), which the same transaction can already see).
/// </summary>
public interface IBillingBatchRecorder
{
    /// <summary>Inside the batch's transaction, after its rows and orders are written and before it commits.</summary>
    Task RecordAsync(ServiceUsageDbContext db, BillingBatch batch, CancellationToken ct);

    /// <summary>After the batch committed (metrics, logs): nothing here may write to the database.</summary>
    void Committed(BillingBatch batch)
    {
    }
}
