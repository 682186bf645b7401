using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Web.Jobs;

public sealed record RepairReport(int OrdersChecked, int RowsAdded, decimal MoneyAdded, IReadOnlyList<string> Unresolved, ChargeResult CatchUp);

/// <summary>
/// "Re-run from T". A postpay order's rows must tile [BEGIN_TIME, CHARGED_UNTIL). This walks every postpay order
/// alive after T, finds holes in that tiling after T (only possible if rows were lost, e.g. a partial restore),
/// charges each hole at the plan and quantity of the rows around it, and then runs the normal catch-up. It only
/// ever inserts rows the tiling lacks, and the (ORDER_ID, KIND, BEGIN_TIME) key refuses any duplicate.
/// It holds the statements job's lock while it runs: the rows it adds to a closed month are late rows, and a closing
/// run must not read the ledger while they are half written (see docs/adr/0009).
/// </summary>
public sealed class LedgerRepair(ServiceUsageDbContext db, ChargingService charging, JobLock jobLock, TimeProvider clock)
{
    public async Task<RepairReport> RepairFromAsync(DateTime from, CancellationToken ct)
    {
        await using var held = await jobLock.TryAcquireAsync(JobIds.Statements, ct)
            ?? throw new BillingException(BillingError.Conflict, "Statements are being closed right now; re-run billing in a minute.");
        from = BillingTime.Normalize(from);
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.Type == OrderType.Postpay && o.ChargedUntil > from && (o.EndTime == null || o.EndTime > from))
            .ToListAsync(ct);
        var plans = new Dictionary<string, PlanHistory>();
        var unresolved = new List<string>();
        int added = 0;
        decimal money = 0m;
        foreach (var order in orders)
        {
            var rows = await db.UsageHistory.AsNoTracking()
                .Where(u => u.OrderId == order.OrderId && u.Kind == ChargeKind.Usage && u.EndTime > from)
                .OrderBy(u => u.BeginTime).ToListAsync(ct);
            var missing = new List<UsageRecord>();
            var cursor = BillingTime.Max(from, order.BeginTime);
            if (rows.Count > 0 && rows[0].BeginTime < cursor) cursor = rows[0].BeginTime;
            for (var i = 0; i <= rows.Count; i++)
            {
                var next = i < rows.Count ? rows[i].BeginTime : order.ChargedUntil!.Value;
                if (next > cursor)
                {
                    var neighbour = (i > 0 ? rows[i - 1] : null, i < rows.Count ? rows[i] : null);
                    var fill = await FillAsync(order, neighbour, cursor, next, plans, ct);
                    if (fill is null) unresolved.Add($"{order.OrderId} [{cursor:O}, {next:O})");
                    else missing.AddRange(fill);
                }
                if (i < rows.Count) cursor = BillingTime.Max(cursor, rows[i].EndTime);
            }
            if (missing.Count == 0) continue;
            db.UsageHistory.AddRange(missing);
            await db.SaveChangesOrConflictAsync(ct);
            db.ChangeTracker.Clear();
            added += missing.Count;
            money += missing.Sum(r => r.Payment);
        }
        var catchUp = await charging.BillAsync(BillingTime.Now(clock), ct);
        return new RepairReport(orders.Count, added, money, unresolved, catchUp);
    }

    /// <summary>The hole's rows, priced as the rows around it were; null when they disagree (an upgrade fell in the hole).</summary>
    private async Task<List<UsageRecord>?> FillAsync(PurchaseOrder order, (UsageRecord? Before, UsageRecord? After) around,
        DateTime begin, DateTime end, Dictionary<string, PlanHistory> plans, CancellationToken ct)
    {
        var snapshots = new[] { around.Before?.OrderDetails, around.After?.OrderDetails }.OfType<ChargeSnapshot>().ToList();
        if (snapshots.Count == 0) snapshots.Add(new ChargeSnapshot { PlanId = order.PlanId, ServiceId = order.ServiceId, Quantity = order.Quantity });
        if (snapshots.Select(s => (s.PlanId, s.Quantity)).Distinct().Count() != 1) return null;
        var (planId, quantity) = (snapshots[0].PlanId, snapshots[0].Quantity);
        if (!plans.TryGetValue(planId, out var plan))
            plans[planId] = plan = new PlanHistory(planId, await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).ToListAsync(ct));
        var probe = new PurchaseOrder
        {
            OrderId = order.OrderId, User = order.User, ServiceId = order.ServiceId, PlanId = planId, Quantity = quantity,
            Type = OrderType.Postpay, BeginTime = begin, ChargedUntil = begin,
        };
        return PostpayCharges.ChargeThrough(probe, plan, end, closeOpenSegment: true);
    }
}
