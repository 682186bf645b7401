namespace ServiceUsage.Domain.Events;

/// <summary>The event types of BILLING.md "Events", as they appear on the wire.</summary>
public static class EventTypes
{
    public const string OrderCreated = "order.created";
    public const string OrderUpgraded = "order.upgraded";
    public const string OrderCancelled = "order.cancelled";
    public const string OrderRenewed = "order.renewed";
    public const string OrderExpired = "order.expired";
    public const string StatementClosed = "statement.closed";
    public const string BudgetThresholdCrossed = "budget.threshold-crossed";
    public const string BudgetForecastExceeded = "budget.forecast-exceeded";

    public static readonly IReadOnlyList<string> All =
    [
        OrderCreated, OrderUpgraded, OrderCancelled, OrderRenewed, OrderExpired,
        StatementClosed, BudgetThresholdCrossed, BudgetForecastExceeded,
    ];

    /// <summary>The longest type: the column's width.</summary>
    public const int MaxLength = 40;
}
