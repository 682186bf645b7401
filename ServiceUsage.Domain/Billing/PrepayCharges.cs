using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Billing;

/// <summary>Prepay purchases, renewals, upgrades and refunds (BILLING.md "Prepay" and "Upgrade").</summary>
public static class PrepayCharges
{
    public static UsageRecord Purchase(PurchaseOrder order, PlanVersion version, int months)
    {
        var end = BillingTime.AddMonths(order.BeginTime, months);
        order.PaidMonths = months;
        order.EndTime = end;
        return Row(order, version, ChargeKind.Purchase, order.BeginTime, end, months * version.Details.MonthlyPrice!.Value * order.Quantity, months);
    }

    /// <summary>One more month at the version in effect at END_TIME, even if it is off sale.</summary>
    public static UsageRecord Renew(PurchaseOrder order, PlanHistory plan)
    {
        var begin = order.EndTime!.Value;
        var version = plan.At(begin) ?? throw new InvalidOperationException($"Plan '{plan.PlanId}' has no version at {begin:O}.");
        var price = version.Details.MonthlyPrice
            ?? throw new InvalidOperationException($"Plan '{plan.PlanId}' version {version.BeginTime:O} has no monthly price.");
        order.PaidMonths++;
        order.EndTime = BillingTime.AddMonths(order.BeginTime, order.PaidMonths);
        return Row(order, version, ChargeKind.Renewal, begin, order.EndTime.Value, price * order.Quantity, 1);
    }

    /// <summary>
    /// The prepay lifecycle job's rows of one order due at <paramref name="at"/>: a renewal row at a time (each moves
    /// END_TIME, so a caller that stops early leaves the order renewed exactly through the last row it took), or, without
    /// auto-renew, the expiry (no row).
    /// </summary>
    public static IEnumerable<UsageRecord> DueRows(PurchaseOrder order, PlanHistory plan, DateTime at)
    {
        if (!order.AutoRenew)
        {
            order.Status = OrderStatus.Expired;
            yield break;
        }
        while (order.EndTime <= at) yield return Renew(order, plan);
    }

    /// <summary>
    /// The credit and charge of moving the order to <paramref name="version"/> × <paramref name="quantity"/> at t.
    /// <paramref name="rows"/> are the order's rows that reach past t. Refuses a negative net (a downgrade).
    /// </summary>
    public static (UsageRecord Credit, UsageRecord Charge) Upgrade(
        PurchaseOrder order, IReadOnlyCollection<UsageRecord> rows, PlanVersion version, int quantity, DateTime t)
    {
        var end = order.EndTime!.Value;
        var period = rows.SingleOrDefault(r => r.Kind is ChargeKind.Purchase or ChargeKind.Renewal && r.BeginTime <= t && t < r.EndTime)
            ?? throw new InvalidOperationException($"Order {order.OrderId} has no paid period covering {t:O}.");
        var months = period.OrderDetails.Months ?? 1;
        var credit = -Money.Round(Proration.Sum(rows, t, end));
        var remaining = (end - t).Ticks / BillingTime.TicksPerMicrosecond;
        var length = (end - period.BeginTime).Ticks / BillingTime.TicksPerMicrosecond;
        var charge = Money.Round(version.Details.MonthlyPrice!.Value * quantity * months * remaining / length);
        if (credit + charge < 0)
            throw new BillingException(BillingError.Downgrade,
                $"This change would need a refund of {Money.Format(-(credit + charge))}: a prepaid order cannot be downgraded inside a paid period; change it at renewal.");

        // The credit gives back what was paid for: its snapshot names that plan, version, price and quantity (BILLING.md).
        var creditRow = Row(order, version, ChargeKind.UpgradeCredit, t, end, credit, null);
        creditRow.OrderDetails = PaidFor(rows, t).OrderDetails with { Months = null, Versions = null };
        var chargeRow = Row(order, version, ChargeKind.UpgradeCharge, t, end, charge, null, quantity);
        return (creditRow, chargeRow);
    }

    /// <summary>The row whose terms apply at t: the latest upgrade charge covering t, else the purchase or renewal.</summary>
    private static UsageRecord PaidFor(IReadOnlyCollection<UsageRecord> rows, DateTime t) =>
        rows.Where(r => r.Kind is ChargeKind.Purchase or ChargeKind.Renewal or ChargeKind.UpgradeCharge && r.BeginTime <= t && t < r.EndTime)
            .OrderBy(r => r.BeginTime).ThenBy(r => r.Kind == ChargeKind.UpgradeCharge)
            .Last();

    /// <summary>The prorata refund of cancelling at t: minus the unused value of [t, END_TIME).</summary>
    public static UsageRecord Refund(PurchaseOrder order, IReadOnlyCollection<UsageRecord> rows, PlanVersion version, DateTime t)
    {
        var end = order.EndTime!.Value;
        return Row(order, version, ChargeKind.Refund, t, end, -Proration.Sum(rows, t, end), null);
    }

    private static UsageRecord Row(PurchaseOrder order, PlanVersion version, ChargeKind kind, DateTime begin, DateTime end,
        decimal payment, int? months, int? quantity = null) => new()
    {
        OrderId = order.OrderId,
        User = order.User,
        Kind = kind,
        BeginTime = begin,
        EndTime = end,
        Payment = Money.Round(payment),
        OrderDetails = new ChargeSnapshot
        {
            PlanId = version.PlanId,
            ServiceId = order.ServiceId,
            VersionBeginTime = version.BeginTime,
            UnitPrice = version.Details.MonthlyPrice ?? 0m,
            Quantity = quantity ?? order.Quantity,
            Months = months,
        },
    };
}
