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
    [ProducesResponseType<AmountResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<AmountResponse> Amount(string? user, string? order, string? starttime, string? endtime, CancellationToken ct)
    {
        var who = Caller.ResolveUser(user);
        var (start, end) = ApiInput.Range(starttime, endtime);
        await CheckOrderAsync(who, order, ct);
        var result = await queries.AmountAsync(who, order, start, end, ct);
        return new AmountResponse(who, order, start, end, result.Amount, result.Accrued, result.Total, billing.Value.Currency);
    }

    /// <summary>Spend per hour at <c>time</c> (default now).</summary>
    [HttpGet("speed")]
    [ProducesResponseType<SpeedResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<SpeedResponse> Speed(string? user, string? order, string? time, CancellationToken ct)
    {
        var who = Caller.ResolveUser(user);
        var at = time is null ? BillingTime.Now(clock) : ApiTime.Parse(time, "time");
        await CheckOrderAsync(who, order, ct);
        var speed = await queries.SpeedAsync(who, order, at, ct);
        return new SpeedResponse(who, order, at, speed, "hour", billing.Value.Currency);
    }

    /// <summary>An order that is not this user's is "not found": its existence is not revealed.</summary>
    private async Task CheckOrderAsync(string user, string? orderId, CancellationToken ct)
    {
        if (orderId is null) return;
        ApiInput.CheckText(orderId, "order", PurchaseOrder.IdLength);
        if (!await db.Orders.AnyAsync(o => o.OrderId == orderId && o.User == user, ct))
            throw new BillingException(BillingError.NotFound, $"Order '{orderId}' was not found.", "order");
    }
}
