using System.Globalization;
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
    /// The exact consumption of the user's rows over [start, end) (ADR 0014), in one statement and one round trip: the
    /// whole UTC days inside the window from the daily rollups, the one-day rows of the edge days from the ledger (those an
    /// edge cuts prorated), and the rows longer than a day (purchases, renewals, credits, refunds: a few per order)
    /// prorated one by one. Sums of 4-place figures are exact, so this equals the sum over every row to the last digit,
    /// in time that does not grow with rows.
    /// </summary>
    private Task<decimal> ConsumedAsync(string user, string? orderId, DateTime start, DateTime end, CancellationToken ct)
    {
        if (end <= start) return Task.FromResult(0m);
        var tables = LedgerTables.For(db);
        var (usage, p) = (tables.Usage, new SqlArguments());
        var (uUser, uOrder, uKind, uBegin, uEnd, uPay) =
            (usage[u => u.User], usage[u => u.OrderId], usage[u => u.Kind], usage[u => u.BeginTime], usage[u => u.EndTime], usage[u => u.Payment]);
        var (b, e, pay) = (uBegin.Name, uEnd.Name, uPay.Name);
        string At(DateTime t) => p.Add(t, uBegin);
        var mine = $"{uUser.Name} = {p.Add(user, uUser)}" + (orderId is null ? "" : $" AND {uOrder.Name} = {p.Add(orderId, uOrder)}");
        // Each part: (what, payment or sum, begin, end); sums carry no times.
        var parts = new List<string>();

        var (firstDay, lastDay) = (DailyRollups.CeilDay(start), DailyRollups.DayOf(end)); // whole days: [firstDay, lastDay)
        if (firstDay < lastDay)
        {
            var days = orderId is null
                ? Days(tables.DailyUser, tables.DailyUser[d => d.User], null, tables.DailyUser[d => d.Day], tables.DailyUser[d => d.Payment])
                : Days(tables.Daily, tables.Daily[d => d.User], tables.Daily[d => d.OrderId], tables.Daily[d => d.Day], tables.Daily[d => d.Payment]);
            parts.Add(days);

            string Days<T>(LedgerTables.Table<T> table, LedgerTables.Column<T> who, LedgerTables.Column<T>? order, LedgerTables.Column<T> day, LedgerTables.Column<T> sum) where T : class =>
                $"SELECT {(int)Part.Sum}, SUM({sum.Name}), NULL, NULL FROM {table.Name} WHERE " +
                (order is null ? "" : $"{order.Name} = {p.Add(orderId, order)} AND ") +
                $"{who.Name} = {p.Add(user, who)} AND {day.Name} >= {p.Add(firstDay, day)} AND {day.Name} < {p.Add(lastDay, day)}";
        }

        // The edge days (at most two, one if the window lies in a day): their one-day rows inside the window in full,
        // those an edge cuts prorated (usage rows are at most an hour long: only the hour before an edge can hold one).
        var edges = new[] { DailyRollups.DayOf(start), lastDay }.Where(d => d < firstDay || (d >= lastDay && d < end)).Distinct().ToList();
        if (edges.Count > 0)
        {
            var (a, z) = (edges[0], edges[^1]);
            var oneDayRows = $"{mine} AND (({b} >= {At(a)} AND {b} < {At(a.AddDays(1))} AND {e} <= {At(a.AddDays(1))}) " +
                             $"OR ({b} >= {At(z)} AND {b} < {At(z.AddDays(1))} AND {e} <= {At(z.AddDays(1))}))";
            parts.Add($"SELECT {(int)Part.Sum}, SUM({pay}), NULL, NULL FROM {usage.Name} WHERE {oneDayRows} AND {b} >= {At(start)} AND {e} <= {At(end)}");
            parts.Add($"SELECT {(int)Part.Cut}, {pay}, {b}, {e} FROM {usage.Name} WHERE {oneDayRows} " +
                      $"AND {b} < {At(end)} AND {e} > {At(start)} AND ({b} < {At(start)} OR {e} > {At(end)})");
        }

        // Rows longer than a day are in no rollup: every one overlapping the window, prorated (a one-day refund or
        // credit among these kinds is in a rollup or an edge day's sum already).
        parts.Add($"SELECT {(int)Part.Long}, {pay}, {b}, {e} FROM {usage.Name} WHERE {mine} AND {uKind.Name} IN ({p.List(LongKinds, uKind)}) " +
                  $"AND {b} < {At(end)} AND {e} > {At(start)}");

        return LedgerSql.ReadAsync(db, string.Join("\nUNION ALL\n", parts), p, async (reader, token) =>
        {
            var amount = 0m;
            while (await reader.ReadAsync(token))
            {
                var part = (Part)Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                var payment = uPay.Read<decimal>(reader, 1); // the rollups keep money as the ledger does
                if (part == Part.Sum) amount += payment;
                else
                {
                    var (begin, finish) = (uBegin.Read<DateTime>(reader, 2), uEnd.Read<DateTime>(reader, 3));
                    if (part == Part.Cut || !DailyRollups.InOneDay(begin, finish)) amount += Proration.Share(payment, begin, finish, start, end);
                }
            }
            return amount;
        }, ct);
    }

    /// <summary>Every kind but usage: the kinds whose rows can be longer than a day (purchases, renewals, credits, refunds).</summary>
    private static readonly ChargeKind[] LongKinds = Enum.GetValues<ChargeKind>().Where(k => k != ChargeKind.Usage).ToArray();

    /// <summary>The parts of <see cref="ConsumedAsync"/>'s statement: sums, edge rows cut by the window, rows longer than a day.</summary>
    private enum Part { Sum = 0, Cut = 1, Long = 2 }

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
