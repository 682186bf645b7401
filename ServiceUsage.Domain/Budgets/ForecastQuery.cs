using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Budgets;

/// <summary>A tenant near (or over) the budget, for the admins' overview.</summary>
public sealed record BudgetStanding(string User, MonthForecast Forecast);

/// <summary>
/// Reads what <see cref="ForecastEngine"/> needs for one tenant's statement month: spend to date from the amount rule
/// (<see cref="UsageQueries.AmountAsync"/>, the one computation of <c>total</c>), the active orders and their plans, the
/// prepaid rows reaching past now, and (for the curve and a tenant with a budget) the month's rows so far,
/// summed per (begin, end) in SQL.
/// </summary>
public sealed class ForecastQuery(ServiceUsageDbContext db, UsageQueries usage, TimeProvider clock, IOptions<BillingOptions> billing)
{
    public const int MaxStandings = 20;

    public StatementCalendar Calendar => billing.Value.Calendar();

    public string Currency => billing.Value.Currency;

    /// <summary>The month that holds now.</summary>
    public StatementMonth CurrentMonth() => Calendar.Of(BillingTime.Now(clock));

    public async Task<MonthForecast> GetAsync(string user, StatementMonth? month = null, bool withCurve = false, CancellationToken ct = default)
    {
        var now = BillingTime.Now(clock);
        var m = month ?? Calendar.Of(now);
        var from = ForecastEngine.From(m, now);
        var budget = await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.User == user, ct);
        var spend = from > m.Begin ? (await usage.AmountAsync(user, null, m.Begin, from, ct)).Total : 0m;

        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.User == user && o.Status == OrderStatus.Active && o.BeginTime < m.End).ToListAsync(ct);
        var versions = orders.Count == 0 ? [] : await db.PlanVersions.AsNoTracking()
            .Where(v => orders.Select(o => o.PlanId).Distinct().Contains(v.PlanId)).ToListAsync(ct);
        var plans = orders.Select(o => o.PlanId).Distinct().ToDictionary(id => id, id => new PlanHistory(id, versions));
        var paid = from >= m.End ? [] : await db.UsageHistory.AsNoTracking()
            .Where(u => u.User == user && u.Kind != ChargeKind.Usage && u.EndTime > from && u.BeginTime < m.End)
            .Select(u => new SpendSpan(u.BeginTime, u.EndTime, u.Payment)).ToListAsync(ct);

        // The month's rows so far: for the curve, the instants thresholds were crossed, and the exact spend at now.
        var past = withCurve || budget is not null ? await PastRowsAsync(user, m.Begin, from, ct) : null;

        return ForecastEngine.Compute(new ForecastInput
        {
            Month = m,
            Now = now,
            SpendToDate = spend,
            Orders = orders,
            Plans = plans,
            PaidRows = paid,
            PastRows = past,
            Budget = budget?.Amount,
            Thresholds = budget?.Thresholds ?? [],
            CurveAt = withCurve ? DayStarts(m) : [],
        });
    }

    /// <summary>
    /// Tenants with a budget, those nearest to or over it first: candidates by the highest alert the watch recorded this
    /// month, then the rest; at most <see cref="MaxStandings"/> forecasts are computed.
    /// </summary>
    public async Task<IReadOnlyList<BudgetStanding>> StandingsAsync(CancellationToken ct = default)
    {
        var month = CurrentMonth();
        var alerted = await db.BudgetAlerts.AsNoTracking().Where(a => a.Month == month.Label)
            .GroupBy(a => a.User).Select(g => new { User = g.Key, Top = g.Max(a => a.Percent) })
            .OrderByDescending(g => g.Top).Take(MaxStandings).Select(g => g.User).ToListAsync(ct);
        var others = await db.Budgets.AsNoTracking().Where(b => !alerted.Contains(b.User)).OrderBy(b => b.User)
            .Take(MaxStandings - alerted.Count).Select(b => b.User).ToListAsync(ct);
        var standings = new List<BudgetStanding>();
        foreach (var user in alerted.Concat(others))
        {
            var forecast = await GetAsync(user, month, ct: ct);
            if (forecast.Budget is not null) standings.Add(new BudgetStanding(user, forecast));
        }
        return standings
            .OrderByDescending(s => s.Forecast.SpendToDate / s.Forecast.Budget!.Value)
            .ThenByDescending(s => s.Forecast.Forecast / s.Forecast.Budget!.Value)
            .ThenBy(s => s.User, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The rows overlapping [begin, from): usage rows (an hour at most, so only those beginning from an hour before)
    /// summed per (begin, end) by the database, and the few other rows as they are.
    /// </summary>
    private async Task<IReadOnlyList<SpendSpan>> PastRowsAsync(string user, DateTime begin, DateTime from, CancellationToken ct)
    {
        if (from <= begin) return [];
        var hourBefore = begin.AddTicks(-BillingTime.TicksPerHour);
        var hours = await db.UsageHistory.AsNoTracking()
            .Where(u => u.User == user && u.Kind == ChargeKind.Usage && u.BeginTime >= hourBefore && u.BeginTime < from && u.EndTime > begin)
            .GroupBy(u => new { u.BeginTime, u.EndTime })
            .Select(g => new { g.Key.BeginTime, g.Key.EndTime, Payment = g.Sum(u => u.Payment) })
            .ToListAsync(ct);
        var others = await db.UsageHistory.AsNoTracking()
            .Where(u => u.User == user && u.Kind != ChargeKind.Usage && u.BeginTime < from && u.EndTime > begin)
            .Select(u => new SpendSpan(u.BeginTime, u.EndTime, u.Payment)).ToListAsync(ct);
        return [.. hours.Select(h => new SpendSpan(h.BeginTime, h.EndTime, h.Payment)), .. others];
    }

    /// <summary>The starts of the month's days after the first, and the month's end, in the statement zone.</summary>
    private IReadOnlyList<DateTime> DayStarts(StatementMonth month)
    {
        var days = DateTime.DaysInMonth(month.Year, month.Month);
        return Enumerable.Range(1, days - 1)
            .Select(d => LocalZone.ToUtc(new DateTime(month.Year, month.Month, 1).AddDays(d), Calendar.Zone))
            .Append(month.End).ToList();
    }
}
