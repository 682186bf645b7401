using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Domain.Budgets;

/// <summary>What a budget may be (BILLING.md "Budgets and forecast"): the one home of these limits for API and portal.</summary>
public static class BudgetRules
{
    public static readonly IReadOnlyList<int> DefaultThresholds = [50, 80, 100];
    public const int MaxThresholds = 10;
    public const int MaxPercent = 1000;

    /// <summary>DECIMAL(20,4) holds 16 whole digits; a budget stays well inside it.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>
    /// The amount checked (&gt; 0, at most 4 places, below <see cref="MaxAmount"/>) and the thresholds as stored: distinct
    /// whole percentages 1..1000, ascending; none given means the defaults. Refusals name the field.
    /// </summary>
    public static (decimal Amount, int[] Thresholds) Check(decimal amount, IReadOnlyCollection<int>? thresholds)
    {
        if (amount <= 0m) throw Invalid("amount", "amount must be greater than 0.");
        if (amount >= MaxAmount) throw Invalid("amount", $"amount must be less than {MaxAmount:0}.");
        if (Money.Round(amount) != amount) throw Invalid("amount", "amount may have at most 4 decimal places.");
        if (thresholds is null || thresholds.Count == 0) return (amount, [.. DefaultThresholds]);
        if (thresholds.Count > MaxThresholds) throw Invalid("thresholds", $"At most {MaxThresholds} thresholds.");
        if (thresholds.Any(p => p is < 1 or > MaxPercent)) throw Invalid("thresholds", $"Each threshold is a whole percentage from 1 to {MaxPercent}.");
        if (thresholds.Distinct().Count() != thresholds.Count) throw Invalid("thresholds", "Thresholds must be different from each other.");
        return (amount, thresholds.Order().ToArray());
    }

    /// <summary>The money at which a threshold is reached: B × percent / 100, exact.</summary>
    public static decimal AmountAt(decimal budget, int percent) => budget * percent / 100m;

    private static BillingException Invalid(string field, string message) => new(BillingError.Invalid, message, field);
}
