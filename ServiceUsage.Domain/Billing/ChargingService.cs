using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
    private readonly ConcurrentDictionary<string, PlanHistory> _plans = new();

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
        var writers = db.Database.IsSqlite() ? 1 : Math.Max(1, options.Value.Writers);
        if (writers == 1) return await RunWriterAsync(db, due, charge, ct);

        // MySQL: several writers, each on its own connection; the locking read skips the orders another writer
        // holds, so they share the due orders without waiting for each other. One failing stops the others.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var contextOptions = (DbContextOptions<ServiceUsageDbContext>)db.GetService<IDbContextOptions>();
        var runs = Enumerable.Range(0, writers).Select(async i =>
        {
            try
            {
                if (i == 0) return await RunWriterAsync(db, due, charge, stop.Token);
                await using var own = new ServiceUsageDbContext(contextOptions);
                return await RunWriterAsync(own, due, charge, stop.Token);
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }).ToList();
        var results = await Task.WhenAll(runs);
        return results.Aggregate(ChargeResult.Empty, (sum, r) => sum.Add(r));
    }

    private async Task<ChargeResult> RunWriterAsync(
        ServiceUsageDbContext context,
        Func<IQueryable<PurchaseOrder>, IQueryable<PurchaseOrder>> due,
        Func<PurchaseOrder, PlanHistory, List<UsageRecord>> charge,
        CancellationToken ct)
    {
        var total = ChargeResult.Empty;
        var conflicts = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var batchQuery = due(context.Orders).Take(options.Value.BatchSize);
            try
            {
                var (seen, rows) = context.Database.IsSqlite()
                    ? await ChargeTrackedBatchAsync(context, batchQuery, charge, ct)
                    : await BulkLedgerWriter.ChargeBatchAsync(context, batchQuery, (order, token) => ChargeAsync(context, order, charge, token), ct);
                if (seen == 0) return total;
                conflicts = 0;
                total = total.Add(new ChargeResult(seen, rows.Count, rows.Sum(r => r.Payment)));
            }
            catch (BillingException ex) when (ex.Error == BillingError.Conflict && ++conflicts < MaxConsecutiveConflicts)
            {
                LogBatchConflict(logger, conflicts);
            }
            context.ChangeTracker.Clear();
        }
    }

    /// <summary>The embedded SQLite default: tracked orders and SaveChanges, the concurrency tokens catch a race.</summary>
    private async Task<(int Orders, List<UsageRecord> Rows)> ChargeTrackedBatchAsync(
        ServiceUsageDbContext context, IQueryable<PurchaseOrder> batchQuery, Func<PurchaseOrder, PlanHistory, List<UsageRecord>> charge, CancellationToken ct)
    {
        var batch = await batchQuery.ToListAsync(ct);
        var rows = new List<UsageRecord>();
        foreach (var order in batch) rows.AddRange(await ChargeAsync(context, order, charge, ct));
        context.UsageHistory.AddRange(rows);
        await context.SaveChangesOrConflictAsync(ct);
        return (batch.Count, rows);
    }

    private async Task<List<UsageRecord>> ChargeAsync(
        ServiceUsageDbContext context, PurchaseOrder order, Func<PurchaseOrder, PlanHistory, List<UsageRecord>> charge, CancellationToken ct)
    {
        var rows = charge(order, await PlanAsync(context, order.PlanId, ct));
        order.Touch(BillingTime.Now(clock));
        return rows;
    }

    private async Task<PlanHistory> PlanAsync(ServiceUsageDbContext context, string planId, CancellationToken ct)
    {
        if (_plans.TryGetValue(planId, out var plan)) return plan;
        var versions = await context.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).ToListAsync(ct);
        return _plans.GetOrAdd(planId, new PlanHistory(planId, versions));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A billing batch lost a race with another change ({Attempt} in a row); retrying")]
    private static partial void LogBatchConflict(ILogger logger, int attempt);
}
