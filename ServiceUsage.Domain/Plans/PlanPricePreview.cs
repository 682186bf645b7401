using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Domain.Plans;

/// <summary>What a new version would touch: active orders of the plan, and the change in revenue per hour once it applies.</summary>
public sealed record PricePreview(int PostpayOrders, int PostpayUnits, int PrepayOrders, int PrepayUnits, decimal HourlyRevenueChange, decimal MonthlyRenewalChange);

/// <summary>The admin's preview of a price change (BILLING.md "Plans"): asked before a version is saved.</summary>
public sealed class PlanPricePreview(ServiceUsageDbContext db)
{
    public async Task<PricePreview> ComputeAsync(string planId, DateTime beginTime, decimal? hourly, decimal? monthly,
        CancellationToken ct = default)
    {
        var versions = await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).ToListAsync(ct);
        var before = new PlanHistory(planId, versions).At(beginTime)?.Details;
        var active = await db.Orders.AsNoTracking()
            .Where(o => o.PlanId == planId && o.Status == OrderStatus.Active)
            .GroupBy(o => o.Type)
            .Select(g => new { Type = g.Key, Orders = g.Count(), Units = g.Sum(o => o.Quantity) })
            .ToListAsync(ct);
        var post = active.FirstOrDefault(a => a.Type == OrderType.Postpay);
        var pre = active.FirstOrDefault(a => a.Type == OrderType.Prepay);
        var postUnits = post?.Units ?? 0;
        var preUnits = pre?.Units ?? 0;
        // Postpay orders pay the new hourly price from its begin time; prepay orders only at their next renewal.
        var hourlyChange = hourly is { } h && before?.HourlyPrice is { } oldH ? (h - oldH) * postUnits : 0m;
        var monthlyChange = monthly is { } m && before?.MonthlyPrice is { } oldM ? (m - oldM) * preUnits : 0m;
        return new PricePreview(post?.Orders ?? 0, postUnits, pre?.Orders ?? 0, preUnits, hourlyChange, monthlyChange);
    }
}
