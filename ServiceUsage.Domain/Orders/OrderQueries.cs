using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Orders;

/// <summary>An order with its money: charged (the sum of its rows) and consumed up to now (amount, BILLING.md), and its speed now.</summary>
public sealed record OrderSummary(PurchaseOrder Order, decimal Charged, decimal ConsumedToDate, decimal SpeedPerHour);

/// <summary>Reads orders for pages. A tenant never learns whether another tenant's order exists: it is simply not found.</summary>
public sealed class OrderQueries(ServiceUsageDbContext db, UsageQueries usage, TimeProvider clock)
{
    public async Task<OrderSummary?> FindAsync(string orderId, OrderAccess access, CancellationToken ct = default)
    {
        var order = await db.Orders.AsNoTracking().FindVisibleOrNullAsync(orderId, access, ct);
        if (order is null) return null;
        var charged = await db.UsageHistory.AsNoTracking().Where(u => u.OrderId == orderId).SumAsync(u => u.Payment, ct);
        var now = BillingTime.Now(clock);
        var consumed = await usage.AmountAsync(order.User, orderId, order.BeginTime, BillingTime.Max(now, order.BeginTime), ct);
        var speed = await usage.SpeedAsync(order.User, orderId, now, ct);
        return new OrderSummary(order, charged, consumed.Total, speed);
    }

    /// <summary>What each order has been charged (the sum of its rows), for a page of orders: one query.</summary>
    public async Task<IReadOnlyDictionary<string, decimal>> ChargedAsync(IReadOnlyCollection<string> orderIds, CancellationToken ct = default)
    {
        if (orderIds.Count == 0) return new Dictionary<string, decimal>();
        var sums = await db.UsageHistory.AsNoTracking().Where(u => orderIds.Contains(u.OrderId))
            .GroupBy(u => u.OrderId).Select(g => new { g.Key, Sum = g.Sum(u => u.Payment) }).ToListAsync(ct);
        return sums.ToDictionary(s => s.Key, s => s.Sum);
    }
}
