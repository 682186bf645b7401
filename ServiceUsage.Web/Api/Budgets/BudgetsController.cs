using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Budgets;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Api.Budgets;

/// <summary>A tenant's monthly budget (BILLING.md "Budgets and forecast"): the tenant's own, or any tenant's for admins.</summary>
[Route(Prefix)]
public sealed class BudgetsController(BudgetService budgets, ForecastQuery forecasts, IOptions<BillingOptions> billing) : ApiControllerBase
{
    [HttpGet("budgets/{user}")]
    [EndpointName("getBudget"), EndpointSummary("A user's monthly budget and thresholds")]
    [ProducesResponseType<BudgetResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<BudgetResponse> Get(string user, CancellationToken ct)
    {
        var who = Caller.ResolveUser(user);
        var budget = await budgets.GetAsync(who, ct) ?? throw NoBudget(who);
        return BudgetResponse.From(budget, billing.Value.Currency);
    }

    /// <summary>Sets (creates or replaces) the budget: 201 when there was none, else 200.</summary>
    [HttpPut("budgets/{user}")]
    [Consumes("application/json")]
    [EndpointName("setBudget"), EndpointSummary("Set a user's monthly budget and thresholds")]
    [ProducesResponseType<BudgetResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<BudgetResponse>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Put(string user, BudgetRequest request, CancellationToken ct)
    {
        var who = Caller.ResolveUser(user);
        if (request.Amount is not { } amount) throw ApiProblemException.BadRequest("amount", "amount is required.");
        var (budget, created) = await budgets.SetAsync(who, amount, request.Thresholds, Caller.User, ct);
        var body = BudgetResponse.From(budget, billing.Value.Currency);
        return created ? Created($"/{Prefix}/budgets/{Uri.EscapeDataString(who)}", body) : Ok(body);
    }

    [HttpDelete("budgets/{user}")]
    [EndpointName("deleteBudget"), EndpointSummary("Remove a user's budget")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Delete(string user, CancellationToken ct)
    {
        var who = Caller.ResolveUser(user);
        return await budgets.DeleteAsync(who, ct) ? NoContent() : throw NoBudget(who);
    }

    /// <summary>
    /// The month's spend to date, the forecast to its end if nothing changes, when the budget is reached and each
    /// threshold was or will be, and the price changes scheduled in the month. <c>month</c> (yyyy-MM) defaults to the current one.
    /// </summary>
    [HttpGet("forecast")]
    [EndpointName("getForecast"), EndpointSummary("A user's month-end forecast against the budget")]
    [ProducesResponseType<ForecastResponse>(StatusCodes.Status200OK)]
    public async Task<ForecastResponse> Forecast(string? user, string? month, CancellationToken ct)
    {
        var who = Caller.ResolveUser(user);
        var calendar = billing.Value.Calendar();
        StatementMonth? asked = null;
        if (month is not null && !calendar.TryParse(month, out asked))
            throw ApiProblemException.BadRequest("month", "month must be a month written yyyy-MM (2026-11).");
        return ForecastResponse.From(who, await forecasts.GetAsync(who, asked, ct: ct), billing.Value.Currency);
    }

    private static BillingException NoBudget(string user) => new(BillingError.NotFound, "This user has no budget.", "user");
}
