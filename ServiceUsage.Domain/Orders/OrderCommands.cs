using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Orders;

public sealed record CreateOrder(string User, OrderType Type, string PlanId, int Quantity, int Months = 1, bool AutoRenew = false);

public sealed record UpgradeOrder(string PlanId, int Quantity);

/// <summary>
/// Who asks and what they saw: a tenant may only touch their own orders, an admin (Owner null) any; the row version
/// they read (If-Match), and the instant of a held quote (BILLING.md "Held quotes") when they confirm one.
/// </summary>
public sealed record OrderAccess(string? Owner, int? ExpectedRowVersion = null, DateTime? QuoteTime = null)
{
    public static readonly OrderAccess Admin = new((string?)null);

    public static OrderAccess Tenant(string user) => new(user);
}

/// <summary>
/// An order after a change, the rows the change wrote (or would write), whether it was stored, the instant it is priced
/// at (a quote's instant, to hold it), and the prepaid value a cancel gives up without a refund.
/// </summary>
public sealed record OrderChange(PurchaseOrder Order, IReadOnlyList<UsageRecord> Charges, bool Stored, DateTime PricedAt, decimal Forfeited = 0m)
{
    public decimal Net => Charges.Sum(c => c.Payment);
}

public static class OrderLimits
{
    public const int MinQuantity = 1;
    public const int MaxQuantity = 1000;
    public const int MinMonths = 1;
    public const int MaxMonths = 36;
    public const int MaxUserLength = 120;
    public const int MaxPlanIdLength = 64;

    /// <summary>How long a prepay quote holds (BILLING.md "Held quotes").</summary>
    public static readonly TimeSpan QuoteHold = TimeSpan.FromMinutes(5);
}
