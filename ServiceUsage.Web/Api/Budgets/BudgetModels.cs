using System.ComponentModel;
using ServiceUsage.Domain.Budgets;

namespace ServiceUsage.Web.Api.Budgets;

/// <summary>PUT /budgets/{user}. Fields optional in JSON so that a missing amount is reported by name.</summary>
public sealed record BudgetRequest(
    [property: Description("The monthly budget, greater than 0, at most 4 decimal places, in the deployment's currency.")]
    decimal? Amount = null,
    [property: Description("Percentages of the budget (1 to 1000, at most 10, all different) at which events are recorded; default [50, 80, 100].")]
    int[]? Thresholds = null);

public sealed record BudgetResponse(string User, decimal Amount, IReadOnlyList<int> Thresholds, string Currency, DateTime UpdatedAt, string UpdatedBy)
{
    public static BudgetResponse From(Budget b, string currency) => new(b.User, b.Amount, b.Thresholds, currency, b.UpdatedAt, b.UpdatedBy);
}

public sealed record ThresholdResponse(
    int Percent,
    decimal Amount,
    [property: Description("When spend to date reached it this month; null if it has not.")]
    DateTime? CrossedAt,
    [property: Description("When spend is forecast to reach it this month; null if reached already or not within the month.")]
    DateTime? ForecastAt);

public sealed record PriceChangeResponse(string PlanId, DateTime BeginTime);

public sealed record ForecastResponse(
    string User,
    [property: Description("The statement month, yyyy-MM, in the deployment's statement time zone.")]
    string Month,
    string Currency,
    [property: Description("total(user, month start, now): what was consumed so far this month.")]
    decimal SpendToDate,
    [property: Description("Spend to date plus what the orders will cost up to the month's end if nothing changes.")]
    decimal Forecast,
    decimal? Budget,
    [property: Description("The first instant (to the second) at which spend reaches the budget within the month; null if it does not.")]
    DateTime? ReachesBudgetAt,
    IReadOnlyList<ThresholdResponse> Thresholds,
    [property: Description("Plan versions scheduled to begin later this month that the forecast prices.")]
    IReadOnlyList<PriceChangeResponse> PriceChanges)
{
    public static ForecastResponse From(string user, MonthForecast f, string currency) => new(
        user, f.Month.Label, currency, f.SpendToDate, f.Forecast, f.Budget, f.ReachesBudgetAt,
        f.Thresholds.Select(t => new ThresholdResponse(t.Percent, t.Amount, t.CrossedAt, t.ForecastAt)).ToList(),
        f.PriceChanges.Select(p => new PriceChangeResponse(p.PlanId, p.BeginTime)).ToList());
}
