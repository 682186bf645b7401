namespace ServiceUsage.Domain.Billing;

/// <summary>
/// Keeps the daily rollups (<see cref="DailyRollups"/>) in every billing batch's transaction: each order's rows were
/// summed per UTC day while they were written (<see cref="ChargedOrder.Days"/>), so the batch adds those sums with one
/// multi-row upsert per rollup table and reads none of its rows back.
/// </summary>
public sealed class DailyRollupRecorder : IBillingBatchRecorder
{
    public Task RecordAsync(Data.ServiceUsageDbContext db, BillingBatch batch, CancellationToken ct) =>
        DailyRollups.AddTotalsAsync(db, batch.Orders.SelectMany(o => o.Days).ToList(), ct);
}
