using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Api.Usage;

/// <summary>amount and speed (BILLING.md): what a user (or one order) consumed, and spends per hour.</summary>
[Route(Prefix)]
public sealed class UsageController(UsageQueries queries, ServiceUsageDbContext db, TimeProvider clock, IOptions<BillingOptions> billing)
    : ApiControllerBase
{
    /// <summary>Consumption over [starttime, endtime), plus the postpay cost accrued but not charged yet.</summary>
    [HttpGet("amount")]
    [EndpointName("getAmount"), EndpointSummary("What a user or an order consumed over a time range")]
    [ProducesResponseType<AmountResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<AmountResponse> Amount(string? user, string? order, string? starttime, string? endtime, CancellationToken ct)
    {
        var (start, end) = ApiInput.Range(starttime, endtime);
        var who = await ResolveAsync(user, order, ct);
        var result = await queries.AmountAsync(who, order, start, end, ct);
        return new AmountResponse(who, order, start, end, result.Amount, result.Accrued, result.Total, billing.Value.Currency);
    }

    /// <summary>Spend per hour at <c>time</c> (default now).</summary>
    [HttpGet("speed")]
    [EndpointName("getSpeed"), EndpointSummary("What a user or an order spends per hour at an instant")]
    [ProducesResponseType<SpeedResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<SpeedResponse> Speed(string? user, string? order, string? time, CancellationToken ct)
    {
        var at = time is null ? BillingTime.Now(clock) : ApiTime.Parse(time, "time");
        var who = await ResolveAsync(user, order, ct);
        var speed = await queries.SpeedAsync(who, order, at, ct);
        return new SpeedResponse(who, order, at, speed, "hour", billing.Value.Currency);
    }

    /// <summary>
    /// The user asked about: <c>user</c>, else the order's owner for an admin, else the caller. An order must be that
    /// user's and visible to the caller; otherwise it is "not found" (its existence is not revealed).
    /// </summary>
    private async Task<string> ResolveAsync(string? user, string? orderId, CancellationToken ct)
    {
        var caller = Caller;
        var who = user is null ? null : caller.ResolveUser(user);
        if (orderId is null) return who ?? caller.User;
        var access = who is not null ? OrderAccess.Tenant(who) : caller.Access();
        var order = await db.Orders.AsNoTracking().FindVisibleAsync(orderId, access, "order", ct);
        return order.User;
    }
}
