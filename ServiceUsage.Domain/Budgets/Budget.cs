namespace ServiceUsage.Domain.Budgets;

/// <summary>
/// One row of SU_BUDGET: a tenant's monthly budget (BILLING.md "Budgets and forecast"). It applies to every statement
/// month; <see cref="Thresholds"/> are percentages of <see cref="Amount"/>, ascending.
/// </summary>
public sealed class Budget
{
    public required string User { get; set; }

    /// <summary>B &gt; 0, in the deployment's currency, at most 4 places.</summary>
    public decimal Amount { get; set; }

    public int[] Thresholds { get; set; } = [.. BudgetRules.DefaultThresholds];

    public DateTime UpdatedAt { get; set; }

    /// <summary>Who set it last: the tenant or an admin.</summary>
    public required string UpdatedBy { get; set; }
}

/// <summary>What a budget alert is about.</summary>
public enum BudgetAlertKind
{
    /// <summary>Spend to date reached a threshold.</summary>
    ThresholdCrossed,

    /// <summary>The forecast for the month exceeded the budget.</summary>
    ForecastExceeded,
}

/// <summary>
/// One row of SU_BUDGET_ALERT: the watch's marker that the event for (user, month, kind, percent) was recorded. Its key
/// is the whole guarantee of "once, never twice": the second host's insert of the same key fails and records nothing.
/// </summary>
public sealed class BudgetAlert
{
    public required string User { get; set; }

    /// <summary>The statement month, <c>yyyy-MM</c>.</summary>
    public required string Month { get; set; }

    public BudgetAlertKind Kind { get; set; }

    /// <summary>The threshold's percentage; 100 for a forecast beyond the budget.</summary>
    public int Percent { get; set; }

    /// <summary>The budget when the alert was recorded.</summary>
    public decimal Budget { get; set; }

    /// <summary>Spend to date (threshold) or the forecast (forecast exceeded) when the alert was recorded.</summary>
    public decimal Amount { get; set; }

    public DateTime RecordedAt { get; set; }
}
