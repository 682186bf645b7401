using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Billing;

/// <summary>Postpay segments cut at whole UTC hours, one <c>usage</c> row each (BILLING.md "Postpay").</summary>
public static class PostpayCharges
{
    /// <summary>[from, to) cut at every whole hour inside it.</summary>
    public static IEnumerable<(DateTime Begin, DateTime End)> Segments(DateTime from, DateTime to)
    {
        for (var begin = from; begin < to;)
        {
            var end = BillingTime.Min(BillingTime.NextHour(begin), to);
            yield return (begin, end);
            begin = end;
        }
    }

    /// <summary>
    /// Charges the order's uncharged segments up to <paramref name="limit"/>. With <paramref name="closeOpenSegment"/>
    /// (cancel, upgrade) the open segment [h, limit) is charged too; otherwise only segments that have ended.
    /// Advances <see cref="PurchaseOrder.ChargedUntil"/>.
    /// </summary>
    public static List<UsageRecord> ChargeThrough(PurchaseOrder order, PlanHistory plan, DateTime limit, bool closeOpenSegment)
    {
        var rows = new List<UsageRecord>();
        var from = order.ChargedUntil ?? order.BeginTime;
        foreach (var (begin, end) in Segments(from, limit))
        {
            if (!closeOpenSegment && end != BillingTime.NextHour(begin)) break;
            rows.Add(Row(order, plan, begin, end));
            from = end;
        }
        order.ChargedUntil = from;
        return rows;
    }

    /// <summary>What the uncharged part of [start, stop) would cost, piece by piece as rows would be rounded.</summary>
    public static decimal Accrued(PurchaseOrder order, PlanHistory plan, DateTime start, DateTime stop)
    {
        var from = BillingTime.Max(start, order.ChargedUntil ?? order.BeginTime);
        if (order.EndTime is { } end) stop = BillingTime.Min(stop, end);
        decimal sum = 0m;
        foreach (var (begin, segmentEnd) in Segments(from, stop))
            sum += plan.PostpayCost(order.Quantity, begin, segmentEnd).Payment;
        return sum;
    }

    private static UsageRecord Row(PurchaseOrder order, PlanHistory plan, DateTime begin, DateTime end)
    {
        var (payment, first, applied) = plan.PostpayCost(order.Quantity, begin, end);
        return new UsageRecord
        {
            OrderId = order.OrderId,
            User = order.User,
            Kind = ChargeKind.Usage,
            BeginTime = begin,
            EndTime = end,
            Payment = payment,
            OrderDetails = new ChargeSnapshot
            {
                PlanId = order.PlanId,
                ServiceId = order.ServiceId,
                VersionBeginTime = first.BeginTime,
                UnitPrice = first.Details.HourlyPrice ?? 0m,
                Quantity = order.Quantity,
                Versions = applied.Count > 1 ? applied.Select(v => v.BeginTime).ToArray() : null,
            },
        };
    }
}
