namespace ServiceUsage.Domain.Usage;

/// <summary>
/// DF_USAGE_DAILY: the rows of one order that begin and end inside one UTC day (every usage row does), summed:
/// <see cref="Payment"/> is their exact sum, <see cref="Rows"/> their count. Kept by <see cref="Billing.DailyRollups"/>
/// in the transaction that writes those rows, so it always equals the ledger (ADR 0014).
/// </summary>
public sealed class DailyUsage
{
    public required string OrderId { get; set; }
    public required string User { get; set; }

    /// <summary>The UTC day's first instant.</summary>
    public DateTime Day { get; set; }

    public decimal Payment { get; set; }
    public int Rows { get; set; }
}

/// <summary>DF_USAGE_DAILY_USER: <see cref="DailyUsage"/> summed over a user's orders (what amount over a user reads).</summary>
public sealed class DailyUserUsage
{
    public required string User { get; set; }
    public DateTime Day { get; set; }
    public decimal Payment { get; set; }
    public int Rows { get; set; }
}
