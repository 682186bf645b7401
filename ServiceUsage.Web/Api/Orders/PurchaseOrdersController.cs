using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Api.Orders;

/// <summary>Buy, read, cancel and upgrade purchase orders.</summary>
[Route(Prefix + "/purchaseorders")]
public sealed class PurchaseOrdersController(
    OrderService orders, ServiceUsageDbContext db, IdempotencyStore idempotency, IOptions<JsonOptions> json) : ApiControllerBase
{
    /// <summary>Buys an order (201), or quotes it with <c>dryRun</c> (200, nothing stored). Honours <c>Idempotency-Key</c>.</summary>
    [HttpPost]
    [ProducesResponseType<OrderChangeResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<OrderChangeResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, ApiProblems.ContentType)]
    public async Task<IActionResult> Create(
        CreateOrderRequest request, [FromHeader(Name = IdempotencyStore.Header)] string? idempotencyKey, CancellationToken ct)
    {
        var caller = Caller;
        var command = OrderRequestParser.ToCommand(request, caller.ResolveUser(request.User));
        if (request.DryRun == true) return Ok(OrderChangeResponse.From(await orders.CreateAsync(command, dryRun: true, ct)));
        if (idempotencyKey is null) return Created(await orders.CreateAsync(command, ct: ct));

        var key = IdempotencyStore.CheckKey(idempotencyKey);
        var hash = IdempotencyStore.Hash(JsonSerializer.Serialize(command));
        if (await idempotency.ClaimAsync(caller.User, key, hash, ct) is { } earlier) return Replay(earlier, hash);
        try
        {
            var result = Created(await orders.CreateAsync(command, ct: ct));
            var body = JsonSerializer.Serialize(result.Value, json.Value.JsonSerializerOptions);
            await idempotency.CompleteAsync(caller.User, key, StatusCodes.Status201Created, result.Location, body, ct);
            return result;
        }
        catch
        {
            await idempotency.ReleaseAsync(caller.User, key);
            throw;
        }
    }

    /// <summary>One order, with its ETag for If-Match.</summary>
    [HttpGet("{orderId}")]
    [ProducesResponseType<OrderResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<OrderResponse> Get(string orderId, CancellationToken ct)
    {
        var order = await FindAsync(orderId, ct);
        Response.Headers.ETag = order.ETag;
        return OrderResponse.From(order);
    }

    /// <summary>
    /// Cancels or upgrades an order; <c>If-Match</c> guards against lost updates (412). A prepay change may hold a quote:
    /// send the dry run's <c>quoteTime</c> again within 5 minutes and the rows equal the quote (409 if it no longer holds).
    /// </summary>
    [HttpPut("{orderId}")]
    [ProducesResponseType<OrderChangeResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, ApiProblems.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, ApiProblems.ContentType)]
    public async Task<OrderChangeResponse> Change(
        string orderId, ChangeOrderRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is not ("cancel" or "upgrade"))
            throw ApiProblemException.BadRequest("action", "action must be 'cancel' or 'upgrade'.");
        UpgradeOrder? upgrade = null;
        if (action == "upgrade")
            upgrade = new UpgradeOrder(ApiInput.CheckText(request.PlanId, "planId", OrderLimits.MaxPlanIdLength),
                OrderRequestParser.Quantity(request.Quantity));
        var current = await FindAsync(orderId, ct);
        var access = Caller.Access(ETags.ExpectedRowVersion(ifMatch, current), request.QuoteTime);
        var dryRun = request.DryRun ?? false;
        OrderChange change;
        try
        {
            change = upgrade is null
                ? await orders.CancelAsync(current.OrderId, access, dryRun, ct)
                : await orders.UpgradeAsync(current.OrderId, upgrade, access, dryRun, ct);
        }
        catch (BillingException ex) when (ex.Error == BillingError.Conflict && access.ExpectedRowVersion is not null)
        {
            throw ETags.Stale(); // only a stale If-Match makes a change collide; without one the domain retries
        }
        if (change.Stored) Response.Headers.ETag = change.Order.ETag;
        return OrderChangeResponse.From(change);
    }

    /// <summary>Orders, newest first. Tenants see their own; admins any user's (or all).</summary>
    [HttpGet]
    [ProducesResponseType<PageResponse<OrderResponse>>(StatusCodes.Status200OK)]
    public async Task<PageResponse<OrderResponse>> List(string? user, string? status, string? type, int? page, int? size, CancellationToken ct)
    {
        var caller = Caller;
        var who = caller.IsAdmin && user is null ? null : caller.ResolveUser(user);
        var (p, s) = ApiInput.Paging(page, size);
        var query = db.Orders.AsNoTracking();
        if (who is not null) query = query.Where(o => o.User == who);
        if (status is not null)
        {
            if (!EnumNames.TryParse<OrderStatus>(status, out var st))
                throw ApiProblemException.BadRequest("status", "status must be active, cancelled or expired.");
            query = query.Where(o => o.Status == st);
        }
        if (type is not null)
        {
            if (!EnumNames.TryParse<OrderType>(type, out var t))
                throw ApiProblemException.BadRequest("type", "type must be prepay or postpay.");
            query = query.Where(o => o.Type == t);
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.OrderId)
            .Skip((p - 1) * s).Take(s).ToListAsync(ct);
        return new PageResponse<OrderResponse>(total, p, s, items.Select(OrderResponse.From).ToList());
    }

    /// <summary>The order's rows of DF_USAGE_HISTORY, oldest first.</summary>
    [HttpGet("{orderId}/charges")]
    [ProducesResponseType<PageResponse<ChargeResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<PageResponse<ChargeResponse>> Charges(string orderId, int? page, int? size, CancellationToken ct)
    {
        var order = await FindAsync(orderId, ct);
        var (p, s) = ApiInput.Paging(page, size);
        var rows = db.UsageHistory.AsNoTracking().Where(u => u.OrderId == order.OrderId);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderBy(u => u.BeginTime).ThenBy(u => u.UsageId).Skip((p - 1) * s).Take(s).ToListAsync(ct);
        return new PageResponse<ChargeResponse>(total, p, s, items.Select(u => ChargeResponse.From(u, stored: true)).ToList());
    }

    /// <summary>An order the caller may see; another tenant's is "not found" (its existence is not revealed).</summary>
    private async Task<PurchaseOrder> FindAsync(string orderId, CancellationToken ct)
    {
        OrderRequestParser.OrderId(orderId);
        var caller = Caller;
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == orderId, ct);
        if (order is null || (!caller.IsAdmin && order.User != caller.User))
            throw new BillingException(BillingError.NotFound, $"Order '{orderId}' was not found.", "orderId");
        return order;
    }

    private CreatedResult Created(OrderChange change)
    {
        var response = OrderChangeResponse.From(change);
        Response.Headers.ETag = change.Order.ETag;
        return Created($"/{Prefix}/purchaseorders/{change.Order.OrderId}", response);
    }

    private IActionResult Replay(Domain.Orders.IdempotencyRecord earlier, string hash)
    {
        if (earlier.RequestHash != hash)
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                "This Idempotency-Key was used with a different request body.", IdempotencyStore.Header);
        if (earlier.StatusCode == 0)
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Request in progress",
                "A request with this Idempotency-Key is still being processed; retry shortly.", IdempotencyStore.Header);
        if (earlier.Location is not null) Response.Headers.Location = earlier.Location;
        Response.Headers["Idempotent-Replayed"] = "true";
        return new ContentResult { StatusCode = earlier.StatusCode, Content = earlier.ResponseBody, ContentType = "application/json" };
    }
}
