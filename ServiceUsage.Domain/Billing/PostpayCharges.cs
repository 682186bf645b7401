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
        var from = order.ChargedUntil ?? order.BeginTime;
        var rows = Rows(order, plan, order.Quantity, from, limit, closeOpenSegment).ToList();
        order.ChargedUntil = rows.Count > 0 ? rows[^1].EndTime : from;
        return rows;
    }

    /// <summary>
    /// The billing job's rows of one order: every ended, uncharged segment before <paramref name="cutoff"/>, produced one
    /// at a time; <see cref="PurchaseOrder.ChargedUntil"/> follows each row, so a caller that stops early (the
    /// transaction's row limit) leaves the order charged exactly through the last row it took.
    /// </summary>
    public static IEnumerable<UsageRecord> DueRows(PurchaseOrder order, PlanHistory plan, DateTime cutoff)
    {
        foreach (var row in Rows(order, plan, order.Quantity, order.ChargedUntil ?? order.BeginTime, cutoff, closeOpenSegment: false))
        {
            order.ChargedUntil = row.EndTime;
            yield return row;
        }
    }

    /// <summary>
    /// The usage rows of [from, to) for <paramref name="order"/> at <paramref name="plan"/> × <paramref name="quantity"/>:
    /// one per segment, lazily. The one place a postpay row is priced (job, cancel, upgrade, ledger repair).
    /// </summary>
    public static IEnumerable<UsageRecord> Rows(PurchaseOrder order, PlanHistory plan, int quantity, DateTime from, DateTime to, bool closeOpenSegment)
    {
        foreach (var (begin, end) in Segments(from, to))
        {
            if (!closeOpenSegment && end != BillingTime.NextHour(begin)) yield break;
            yield return Row(order, plan, quantity, begin, end);
        }
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

    /// <summary>
    /// What the rows of [from, to) will cost, each hour piece rounded as a stored row is: the sum of
    /// <see cref="PlanHistory.PostpayCost"/> over <see cref="Segments"/>, without pricing every hour. A whole hour with
    /// one version in effect costs round(quantity × hourlyPrice), so a run of them is counted at once; only the pieces
    /// at the ends and the hours in which a version begins are priced one by one.
    /// </summary>
    public static decimal Cost(PlanHistory plan, int quantity, DateTime from, DateTime to)
    {
        decimal sum = 0m;
        var versions = plan.Versions;
        var next = 0; // the first version beginning after t
        for (var t = from; t < to;)
        {
            var hourEnd = BillingTime.NextHour(t);
            if (t.Ticks % BillingTime.TicksPerHour != 0 || hourEnd > to)
            {
                var end = BillingTime.Min(hourEnd, to);
                sum += plan.PostpayCost(quantity, t, end).Payment;
                t = end;
                continue;
            }
            while (next < versions.Count && versions[next].BeginTime <= t) next++;
            // Whole hours from t up to the hour in which the next version begins (or the last whole hour before to).
            var limit = BillingTime.FloorHour(to);
            if (next < versions.Count) limit = BillingTime.Min(limit, BillingTime.FloorHour(versions[next].BeginTime));
            if (limit > t && next > 0)
            {
                var hours = (limit - t).Ticks / BillingTime.TicksPerHour;
                var price = versions[next - 1].Details.HourlyPrice
                    ?? throw new InvalidOperationException($"Plan '{plan.PlanId}' version {versions[next - 1].BeginTime:O} has no hourly price.");
                sum += hours * Money.Round(quantity * price);
                t = limit;
            }
            else
            {
                sum += plan.PostpayCost(quantity, t, hourEnd).Payment;
                t = hourEnd;
            }
        }
        return sum;
    }

    private static UsageRecord Row(PurchaseOrder order, PlanHistory plan, int quantity, DateTime begin, DateTime end)
    {
        var (payment, first, applied) = plan.PostpayCost(quantity, begin, end);
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
                PlanId = plan.PlanId,
                ServiceId = order.ServiceId,
                VersionBeginTime = first.BeginTime,
                UnitPrice = first.Details.HourlyPrice ?? 0m,
                Quantity = quantity,
                Versions = applied.Count > 1 ? applied.Select(v => v.BeginTime).ToArray() : null,
            },
        };
    }
}
