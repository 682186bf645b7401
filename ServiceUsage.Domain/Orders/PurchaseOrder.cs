namespace ServiceUsage.Domain.Orders;

/// <summary>One row of DF_PURCHASE_ORDER.</summary>
public sealed class PurchaseOrder
{
    public const int IdLength = 32;

    public required string OrderId { get; set; }
    public OrderType Type { get; set; }
    public required string User { get; set; }
    public required string ServiceId { get; set; }
    public int Quantity { get; set; }
    public required string PlanId { get; set; }
    public DateTime BeginTime { get; set; }

    /// <summary>Prepay: paid through (or the cancel instant). Postpay: null until the order ends.</summary>
    public DateTime? EndTime { get; set; }

    public OrderStatus Status { get; set; }
    public bool AutoRenew { get; set; }

    /// <summary>Prepay: calendar months paid from <see cref="BeginTime"/> (purchase plus renewals).</summary>
    public int PaidMonths { get; set; }

    /// <summary>Postpay: the end of the last charged segment (starts at <see cref="BeginTime"/>).</summary>
    public DateTime? ChargedUntil { get; set; }

    /// <summary>Optimistic concurrency token: bumped by every change.</summary>
    public int RowVersion { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool IsActive => Status == OrderStatus.Active;

    public string ETag => $"\"{OrderId}-{RowVersion}\"";

    internal void Touch(DateTime now)
    {
        RowVersion++;
        UpdatedAt = now;
    }
}
