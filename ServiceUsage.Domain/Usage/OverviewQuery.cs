using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Budgets;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Usage;

/// <summary>
/// A tenant's overview. Consumed (amount, BILLING.md) and charged (rows booked) are both given, never one for the other:
/// <see cref="ConsumedThisMonth"/> spreads prepaid money over its period, <see cref="ChargedThisMonth"/> counts a
/// purchase whole on its first day. Months and days are the tenant's (<see cref="Zone"/>).
/// </summary>
public sealed record Overview(
    decimal SpeedPerHour, decimal ProjectedConsumed30Days, decimal ConsumedThisMonth, decimal ChargedThisMonth, int ActiveOrders,
    IReadOnlyList<UsagePoint> ChargedPerDay, DateTime FromLocal, DateTime ToLocal, TimeZoneInfo Zone,
    MonthForecast Forecast, IReadOnlyList<BudgetStanding> Standings);

/// <summary>Everything the overview page shows, in one call per page load.</summary>
public sealed class OverviewQuery(ServiceUsageDbContext db, UsageQueries usage, UsageSeries series, ForecastQuery forecasts, TimeProvider clock)
{
    public const int Days = 30;

    /// <summary>The tenant's overview with the statement month's forecast against the budget; for admins also the tenants nearest their budgets.</summary>
    public async Task<Overview> GetAsync(string user, TimeZoneInfo zone, bool isAdmin = false, CancellationToken ct = default)
    {
        var now = BillingTime.Now(clock);
        var today = LocalZone.ToLocal(now, zone).Date;
        var monthStart = LocalZone.ToUtc(new DateTime(today.Year, today.Month, 1), zone);
        var (fromLocal, toLocal) = (today.AddDays(1 - Days), today.AddDays(1));

        var speed = await usage.SpeedAsync(user, null, now, ct);
        var consumed = await usage.AmountAsync(user, null, monthStart, now, ct);
        var charged = (await series.QueryAsync(user, monthStart, now, UsageGranularity.Month, UsageSplit.None, zone, ct)).Sum(p => p.Amount);
        var active = await db.Orders.CountAsync(o => o.User == user && o.Status == OrderStatus.Active, ct);
        var daily = await series.QueryAsync(user, LocalZone.ToUtc(fromLocal, zone), LocalZone.ToUtc(toLocal, zone),
            UsageGranularity.Day, UsageSplit.None, zone, ct);
        var forecast = await forecasts.GetAsync(user, withCurve: true, ct: ct);
        var standings = isAdmin ? await forecasts.StandingsAsync(ct) : [];
        return new Overview(speed, Billing.Money.Round(speed * 24 * Days), consumed.Total, charged, active, daily, fromLocal, toLocal, zone,
            forecast, standings);
    }
}
