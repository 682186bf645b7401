namespace ServiceUsage.Domain.Billing;

/// <summary>
/// Keeps the daily rollups (<see cref="DailyRollups"/>) in every billing batch's transaction: the rows each order got
/// over [From, To), summed per UTC day from the rows themselves, added with one upsert per rollup table. A batch
/// writes usage rows and renewals; a renewal is a calendar month, never inside one day, so only usage rows are read.
/// </summary>
public sealed class DailyRollupRecorder : IBillingBatchRecorder
{
    private static readonly ChargeKind[] BatchKindsInOneDay = [ChargeKind.Usage];

    public Task RecordAsync(Data.ServiceUsageDbContext db, BillingBatch batch, CancellationToken ct) =>
        DailyRollups.AddAsync(db, batch.Orders.Where(o => o.Rows > 0).Select(o => new OrderSpan(o.Order.OrderId, o.From, o.To)).ToList(), ct, BatchKindsInOneDay);
}
