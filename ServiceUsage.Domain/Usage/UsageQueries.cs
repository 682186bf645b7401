using System.Linq.Expressions;
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
        var amount = await ConsumedAsync(user, orderId, start, end, ct);

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

    /// <summary>
    /// The exact consumption of the user's rows over [start, end) (ADR 0014): the whole UTC days inside the window from
    /// the daily rollups, the one-day rows of the edge days from the ledger (those an edge cuts prorated), and the rows
    /// longer than a day (purchases, renewals, credits, refunds: a few per order) prorated one by one. Sums of 4-place
    /// figures are exact, so this equals the sum over every row to the last digit, in time that does not grow with rows.
    /// </summary>
    private async Task<decimal> ConsumedAsync(string user, string? orderId, DateTime start, DateTime end, CancellationToken ct)
    {
        if (end <= start) return 0m;
        var rows = Rows(user, orderId);
        var (firstDay, lastDay) = (DailyRollups.CeilDay(start), DailyRollups.DayOf(end)); // whole days: [firstDay, lastDay)
        var amount = 0m;
        if (firstDay < lastDay)
            amount += orderId is null
                ? await db.DailyUserUsage.AsNoTracking().Where(d => d.User == user && d.Day >= firstDay && d.Day < lastDay).SumAsync(d => d.Payment, ct)
                : await db.DailyUsage.AsNoTracking().Where(d => d.OrderId == orderId && d.User == user && d.Day >= firstDay && d.Day < lastDay).SumAsync(d => d.Payment, ct);

        // The edge days (at most two, one if the window lies in a day): their one-day rows inside the window in full,
        // those an edge cuts prorated (usage rows are at most an hour long: only the hour before an edge can hold one).
        var edges = new[] { DailyRollups.DayOf(start), lastDay }.Where(d => d < firstDay || (d >= lastDay && d < end)).Distinct().ToList();
        if (edges.Count > 0)
        {
            var (a, b) = (edges[0], edges[^1]);
            var (aEnd, bEnd) = (a.AddDays(1), b.AddDays(1));
            var edgeRows = rows.Where(u => (u.BeginTime >= a && u.BeginTime < aEnd && u.EndTime <= aEnd) || (u.BeginTime >= b && u.BeginTime < bEnd && u.EndTime <= bEnd));
            amount += await edgeRows.Where(u => u.BeginTime >= start && u.EndTime <= end).SumAsync(u => u.Payment, ct);
            var cut = await edgeRows.Where(u => u.BeginTime < end && u.EndTime > start && (u.BeginTime < start || u.EndTime > end))
                .Select(u => new { u.Payment, u.BeginTime, u.EndTime }).ToListAsync(ct);
            amount += cut.Sum(r => Proration.Share(r.Payment, r.BeginTime, r.EndTime, start, end));
        }

        // Rows longer than a day are in no rollup: every one overlapping the window, prorated.
        var longRows = await rows
            .Where(u => u.BeginTime < end && u.EndTime > start)
            .Where(u => u.Kind == ChargeKind.Purchase || u.Kind == ChargeKind.Renewal || u.Kind == ChargeKind.UpgradeCredit
                || u.Kind == ChargeKind.UpgradeCharge || u.Kind == ChargeKind.Refund)
            .Select(u => new { u.Payment, u.BeginTime, u.EndTime })
            .ToListAsync(ct);
        return amount + longRows.Where(r => !DailyRollups.InOneDay(r.BeginTime, r.EndTime))
            .Sum(r => Proration.Share(r.Payment, r.BeginTime, r.EndTime, start, end));
    }

    /// <summary>Spend per hour at t: postpay at the price in effect at t, prepay from the rows covering t.</summary>
    public async Task<decimal> SpeedAsync(string user, string? orderId, DateTime t, CancellationToken ct = default) =>
        (await SpeedsAsync(user, orderId, [t], ct))[0];

    /// <summary>
    /// Speed at each of several instants (a chart's samples) in at most four queries, whatever their number: the postpay
    /// orders running in the span, the usage rows covering an instant (their snapshots say what applied), the plans,
    /// and the prepaid rows overlapping the span.
    /// </summary>
    public async Task<IReadOnlyList<decimal>> SpeedsAsync(string user, string? orderId, IReadOnlyList<DateTime> instants, CancellationToken ct = default)
    {
        if (instants.Count == 0) return [];
        var at = instants.Select(BillingTime.Normalize).ToArray();
        var (first, last) = (at.Min(), at.Max());
        var postpay = await Orders(user, orderId)
            .Where(o => o.Type == OrderType.Postpay && o.BeginTime <= last && (o.EndTime == null || o.EndTime > first))
            .AsNoTracking().ToListAsync(ct);
        // What applied to time already charged is in its row's snapshot (an upgrade may have changed the order since).
        var charged = postpay.Where(o => o.ChargedUntil > first).Select(o => o.OrderId).ToList();
        var snapshots = charged.Count == 0 ? [] : await db.UsageHistory.AsNoTracking()
            .Where(u => charged.Contains(u.OrderId) && u.Kind == ChargeKind.Usage)
            .Where(CoversAny(at))
            .Select(u => new { u.OrderId, u.BeginTime, u.EndTime, u.OrderDetails })
            .ToListAsync(ct);
        var plans = await PlansAsync(postpay.Select(o => o.PlanId).Concat(snapshots.Select(s => s.OrderDetails.PlanId)), ct);
        var prepaid = await Rows(user, orderId)
            .Where(u => u.Kind != ChargeKind.Usage && u.BeginTime <= last && u.EndTime > first)
            .Select(u => new { u.Payment, u.BeginTime, u.EndTime })
            .ToListAsync(ct);

        return at.Select(t =>
        {
            var speed = postpay.Where(o => o.BeginTime <= t && (o.EndTime == null || o.EndTime > t)).Sum(o =>
            {
                var applied = o.ChargedUntil > t ? snapshots.FirstOrDefault(s => s.OrderId == o.OrderId && s.BeginTime <= t && s.EndTime > t) : null;
                return applied is null ? plans[o.PlanId].HourlyPriceAt(t) * o.Quantity : plans[applied.OrderDetails.PlanId].HourlyPriceAt(t) * applied.OrderDetails.Quantity;
            });
            speed += prepaid.Where(r => r.BeginTime <= t && r.EndTime > t).Sum(r => Proration.HourlyRate(r.Payment, r.BeginTime, r.EndTime));
            return Money.Round(speed);
        }).ToList();
    }

    /// <summary>u => any instant t with BEGIN_TIME &lt;= t &lt; END_TIME, as one OR in SQL.</summary>
    private static Expression<Func<UsageRecord, bool>> CoversAny(IEnumerable<DateTime> instants)
    {
        var u = Expression.Parameter(typeof(UsageRecord), "u");
        var begin = Expression.Property(u, nameof(UsageRecord.BeginTime));
        var end = Expression.Property(u, nameof(UsageRecord.EndTime));
        var any = instants.Distinct().Select(t =>
        {
            var at = Expression.Constant(t);
            return (Expression)Expression.AndAlso(
                Expression.LessThanOrEqual(begin, at), Expression.GreaterThan(end, at));
        }).Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<UsageRecord, bool>>(any, u);
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
