using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Usage;

/// <summary>amount: consumption over a window; accrued: uncharged postpay cost up to now; total: both, rounded once.</summary>
public sealed record AmountResult(decimal Amount, decimal Accrued, decimal Total);

/// <summary>The <c>amount</c> and <c>speed</c> questions of BILLING.md, answered from the ledger.</summary>
public sealed class UsageQueries(ServiceUsageDbContext db, TimeProvider clock)
{
    public async Task<AmountResult> AmountAsync(string user, string? orderId, DateTime start, DateTime end, CancellationToken ct = default)
    {
        start = BillingTime.Normalize(start);
        end = BillingTime.Normalize(end);
        var rows = Rows(user, orderId);

        // Rows wholly inside the window count in full: summed by the database.
        var inside = await rows.Where(u => u.BeginTime >= start && u.EndTime <= end).SumAsync(u => u.Payment, ct);
        // Rows cut by an edge of the window are few and are prorated here, exactly. Usage rows never span more
        // than an hour, so only the hour before each edge can hold one; other kinds are a handful per user.
        var startHourBefore = start.AddTicks(-BillingTime.TicksPerHour);
        var endHourBefore = end.AddTicks(-BillingTime.TicksPerHour);
        var cut = await rows
            .Where(u => u.BeginTime < end && u.EndTime > start && (u.BeginTime < start || u.EndTime > end))
            .Where(u => (u.Kind == ChargeKind.Usage && u.BeginTime >= startHourBefore && u.BeginTime < start)
                || (u.Kind == ChargeKind.Usage && u.BeginTime >= endHourBefore && u.BeginTime < end)
                || u.Kind == ChargeKind.Purchase || u.Kind == ChargeKind.Renewal || u.Kind == ChargeKind.UpgradeCredit
                || u.Kind == ChargeKind.UpgradeCharge || u.Kind == ChargeKind.Refund)
            .Select(u => new { u.Payment, u.BeginTime, u.EndTime })
            .ToListAsync(ct);
        var amount = inside + cut.Sum(r => Proration.Share(r.Payment, r.BeginTime, r.EndTime, start, end));

        var accrued = 0m;
        var now = BillingTime.Now(clock);
        var stop = BillingTime.Min(end, now);
        if (stop > start)
        {
            var running = await Orders(user, orderId)
                .Where(o => o.Type == OrderType.Postpay && o.Status == OrderStatus.Active && o.ChargedUntil < stop)
                .AsNoTracking().ToListAsync(ct);
            var plans = await PlansAsync(running.Select(o => o.PlanId), ct);
            accrued = running.Sum(o => PostpayCharges.Accrued(o, plans[o.PlanId], start, stop));
        }
        return new AmountResult(Money.Round(amount), Money.Round(accrued), Money.Round(amount + accrued));
    }

    /// <summary>Spend per hour at t: postpay at the price in effect at t, prepay from the rows covering t.</summary>
    public async Task<decimal> SpeedAsync(string user, string? orderId, DateTime t, CancellationToken ct = default)
    {
        t = BillingTime.Normalize(t);
        var postpay = await Orders(user, orderId)
            .Where(o => o.Type == OrderType.Postpay && o.BeginTime <= t && (o.EndTime == null || o.EndTime > t))
            .AsNoTracking().ToListAsync(ct);
        var charged = postpay.Where(o => o.ChargedUntil > t).Select(o => o.OrderId).ToList();
        // What applied at t to time already charged is in that row's snapshot (an upgrade may have changed it since).
        var snapshots = charged.Count == 0 ? [] : await db.UsageHistory.AsNoTracking()
            .Where(u => charged.Contains(u.OrderId) && u.Kind == ChargeKind.Usage && u.BeginTime <= t && u.EndTime > t)
            .Select(u => new { u.OrderId, u.OrderDetails })
            .ToDictionaryAsync(u => u.OrderId, u => u.OrderDetails, ct);

        var applied = postpay.Select(o => snapshots.TryGetValue(o.OrderId, out var s) ? (s.PlanId, s.Quantity) : (o.PlanId, o.Quantity)).ToList();
        var plans = await PlansAsync(applied.Select(a => a.PlanId), ct);
        var speed = applied.Sum(a => plans[a.PlanId].HourlyPriceAt(t) * a.Quantity);

        var prepaid = await Rows(user, orderId)
            .Where(u => u.Kind != ChargeKind.Usage && u.BeginTime <= t && u.EndTime > t)
            .Select(u => new { u.Payment, u.BeginTime, u.EndTime })
            .ToListAsync(ct);
        speed += prepaid.Sum(r => Proration.HourlyRate(r.Payment, r.BeginTime, r.EndTime));
        return Money.Round(speed);
    }

    private IQueryable<UsageRecord> Rows(string user, string? orderId) =>
        orderId is null
            ? db.UsageHistory.AsNoTracking().Where(u => u.User == user)
            : db.UsageHistory.AsNoTracking().Where(u => u.User == user && u.OrderId == orderId);

    private IQueryable<PurchaseOrder> Orders(string user, string? orderId) =>
        orderId is null
            ? db.Orders.Where(o => o.User == user)
            : db.Orders.Where(o => o.User == user && o.OrderId == orderId);

    private async Task<Dictionary<string, PlanHistory>> PlansAsync(IEnumerable<string> planIds, CancellationToken ct)
    {
        var ids = planIds.Distinct().ToList();
        if (ids.Count == 0) return [];
        var versions = await db.PlanVersions.AsNoTracking().Where(v => ids.Contains(v.PlanId)).ToListAsync(ct);
        return ids.ToDictionary(id => id, id => new PlanHistory(id, versions));
    }
}
