namespace ServiceUsage.Domain.Usage;

/// <summary>One row of DF_USAGE_HISTORY: a movement of money over [BeginTime, EndTime).</summary>
public sealed class UsageRecord
{
    public long UsageId { get; set; }
    public required string OrderId { get; set; }
    public required string User { get; set; }
    public ChargeKind Kind { get; set; }
    public DateTime BeginTime { get; set; }
    public DateTime EndTime { get; set; }

    /// <summary>Rounded to 4 places before it is stored; negative for credits and refunds.</summary>
    public decimal Payment { get; set; }

    public required ChargeSnapshot OrderDetails { get; set; }
}

/// <summary>ORDER_DETAILS: what applied to a charge when it was made.</summary>
public sealed record ChargeSnapshot
{
    public required string PlanId { get; init; }
    public required string ServiceId { get; init; }
    public DateTime VersionBeginTime { get; init; }
    public decimal UnitPrice { get; init; }
    public int Quantity { get; init; }

    /// <summary>Prepay purchase/renewal rows: the calendar months the row pays for.</summary>
    public int? Months { get; init; }

    /// <summary>Postpay rows that a price change splits: every version that applied.</summary>
    public IReadOnlyList<DateTime>? Versions { get; init; }
}
