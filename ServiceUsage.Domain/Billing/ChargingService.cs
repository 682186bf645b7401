using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Billing;

/// <summary>What one charging pass did.</summary>
public sealed record ChargeResult(int OrdersSeen, int RowsCharged, decimal MoneyCharged)
{
    public static readonly ChargeResult Empty = new(0, 0, 0m);

    public ChargeResult Add(ChargeResult other) =>
        new(OrdersSeen + other.OrdersSeen, RowsCharged + other.RowsCharged, MoneyCharged + other.MoneyCharged);
}

/// <summary>
/// What the billing jobs call: charges ended postpay segments and runs due prepay renewals and expiries,
/// in batches, one transaction per batch. Safe to run twice at once: the loser of a race retries its batch
/// and finds nothing left to charge.
/// </summary>
public sealed partial class ChargingService(
    ServiceUsageDbContext db, TimeProvider clock, IOptions<BillingOptions> options, ILogger<ChargingService> logger)
{
    private const int MaxConsecutiveConflicts = 10;
    private readonly Dictionary<string, PlanHistory> _plans = new();

    /// <summary>Both passes, as the <c>bill</c> step of a billing vector.</summary>
    public async Task<ChargeResult> BillAsync(DateTime? asOf = null, CancellationToken ct = default)
    {
        var at = asOf ?? BillingTime.Now(clock);
        var postpay = await ChargePostpayAsync(at, ct);
        return postpay.Add(await RunPrepayLifecycleAsync(at, ct));
    }

    /// <summary>Every ended (end &lt;= asOf), uncharged segment of every active postpay order, oldest first.</summary>
    public Task<ChargeResult> ChargePostpayAsync(DateTime asOf, CancellationToken ct = default)
    {
        var cutoff = BillingTime.FloorHour(BillingTime.Normalize(asOf));
        return RunBatchesAsync(
            q => q.Where(o => o.Type == OrderType.Postpay && o.Status == OrderStatus.Active && o.ChargedUntil < cutoff)
                  .OrderBy(o => o.ChargedUntil).ThenBy(o => o.OrderId),
            (order, plan) => PostpayCharges.ChargeThrough(order, plan, cutoff, closeOpenSegment: false),
            ct);
    }

    /// <summary>Renews auto-renew prepay orders whose END_TIME &lt;= asOf (as often as has fallen due) and expires the rest.</summary>
    public Task<ChargeResult> RunPrepayLifecycleAsync(DateTime asOf, CancellationToken ct = default)
    {
        var at = BillingTime.Normalize(asOf);
        return RunBatchesAsync(
            q => q.Where(o => o.Type == OrderType.Prepay && o.Status == OrderStatus.Active && o.EndTime <= at)
                  .OrderBy(o => o.EndTime).ThenBy(o => o.OrderId),
            (order, plan) =>
            {
                var rows = new List<UsageRecord>();
                if (!order.AutoRenew) order.Status = OrderStatus.Expired;
                else while (order.EndTime <= at) rows.Add(PrepayCharges.Renew(order, plan));
                return rows;
            },
            ct);
    }

    private async Task<ChargeResult> RunBatchesAsync(
        Func<IQueryable<PurchaseOrder>, IQueryable<PurchaseOrder>> due,
        Func<PurchaseOrder, PlanHistory, List<UsageRecord>> charge,
        CancellationToken ct)
    {
        var total = ChargeResult.Empty;
        var conflicts = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var batchQuery = due(db.Orders).Take(options.Value.BatchSize);
            try
            {
                var (seen, rows) = db.Database.IsSqlite()
                    ? await ChargeTrackedBatchAsync(batchQuery, charge, ct)
                    : await BulkLedgerWriter.ChargeBatchAsync(db, batchQuery, (order, token) => ChargeAsync(order, charge, token), ct);
                if (seen == 0) return total;
                conflicts = 0;
                total = total.Add(new ChargeResult(seen, rows.Count, rows.Sum(r => r.Payment)));
            }
            catch (BillingException ex) when (ex.Error == BillingError.Conflict && ++conflicts < MaxConsecutiveConflicts)
            {
                LogBatchConflict(logger, conflicts);
            }
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The embedded SQLite default: tracked orders and SaveChanges, the concurrency tokens catch a race.</summary>
    private async Task<(int Orders, List<UsageRecord> Rows)> ChargeTrackedBatchAsync(
        IQueryable<PurchaseOrder> batchQuery, Func<PurchaseOrder, PlanHistory, List<UsageRecord>> charge, CancellationToken ct)
    {
        var batch = await batchQuery.ToListAsync(ct);
        var rows = new List<UsageRecord>();
        foreach (var order in batch) rows.AddRange(await ChargeAsync(order, charge, ct));
        db.UsageHistory.AddRange(rows);
        await db.SaveChangesOrConflictAsync(ct);
        return (batch.Count, rows);
    }

    private async Task<List<UsageRecord>> ChargeAsync(PurchaseOrder order, Func<PurchaseOrder, PlanHistory, List<UsageRecord>> charge, CancellationToken ct)
    {
        var rows = charge(order, await PlanAsync(order.PlanId, ct));
        order.Touch(BillingTime.Now(clock));
        return rows;
    }

    private async Task<PlanHistory> PlanAsync(string planId, CancellationToken ct)
    {
        if (_plans.TryGetValue(planId, out var plan)) return plan;
        var versions = await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).ToListAsync(ct);
        return _plans[planId] = new PlanHistory(planId, versions);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A billing batch lost a race with another change ({Attempt} in a row); retrying")]
    private static partial void LogBatchConflict(ILogger logger, int attempt);
}
