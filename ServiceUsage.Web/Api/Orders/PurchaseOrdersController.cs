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
    [Consumes("application/json")]
    [EndpointName("createPurchaseOrder"), EndpointSummary("Buy a purchase order, or quote one with dryRun")]
    [ProducesResponseType<OrderChangeResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<OrderChangeResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, ApiProblems.ContentType)]
    [ResponseHeader(201, "Location", "The new order's URL.")]
    [ResponseHeader(201, "ETag", "The order's version, for If-Match.")]
    [ResponseHeader(201, IdempotencyStore.ReplayedHeader, "'true' when this is the stored answer to an earlier request with the same Idempotency-Key.")]
    public async Task<IActionResult> Create(
        CreateOrderRequest request, [FromHeader(Name = IdempotencyStore.Header)] string? idempotencyKey, CancellationToken ct)
    {
        var caller = Caller;
        var command = OrderRequestParser.ToCommand(request, caller.ResolveUser(request.User));
        if (request.DryRun == true) return Ok(OrderChangeResponse.From(await orders.CreateAsync(command, dryRun: true, ct)));
        if (idempotencyKey is null) return Created(await orders.CreateAsync(command, ct: ct));

        var key = InputRules.IdempotencyKey(idempotencyKey);
        var hash = IdempotencyStore.Hash(JsonSerializer.Serialize(command));
        var claim = await idempotency.ClaimAsync(caller.User, key, hash, ct);
        if (claim.Earlier is { } earlier) return Replay(earlier, hash);
        return await idempotency.RunOnceAsync(caller.User, key, claim.ClaimedAt, async () =>
        {
            var change = await orders.CreateAsync(command, ct: ct);
            var result = Created(change);
            var body = JsonSerializer.Serialize(result.Value, json.Value.JsonSerializerOptions);
            return ((IActionResult)result, new IdempotentAnswer(StatusCodes.Status201Created, result.Location, change.Order.ETag, body));
        }, ct);
    }

    /// <summary>One order, with its ETag for If-Match.</summary>
    [HttpGet("{orderId}")]
    [EndpointName("getPurchaseOrder"), EndpointSummary("Read one purchase order")]
    [ProducesResponseType<OrderResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    [ResponseHeader(200, "ETag", "The order's version, for If-Match.")]
    public async Task<OrderResponse> Get(string orderId, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().FindVisibleAsync(orderId, Caller.Access(), ct: ct);
        Response.Headers.ETag = order.ETag;
        return OrderResponse.From(order);
    }

    /// <summary>
    /// Cancels or upgrades an order; <c>If-Match</c> guards against lost updates (412). A prepay change may hold a quote:
    /// send the dry run's <c>quoteTime</c> again within 5 minutes and the rows equal the quote (409 if it no longer holds).
    /// </summary>
    [HttpPut("{orderId}")]
    [Consumes("application/json")]
    [EndpointName("changePurchaseOrder"), EndpointSummary("Cancel or upgrade a purchase order")]
    [ProducesResponseType<OrderChangeResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, ApiProblems.ContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, ApiProblems.ContentType)]
    [ResponseHeader(200, "ETag", "The order's new version (not sent for a dry run).")]
    public async Task<OrderChangeResponse> Change(
        string orderId, ChangeOrderRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var upgrade = OrderRequestParser.ToUpgrade(request);
        var current = await db.Orders.AsNoTracking().FindVisibleAsync(orderId, Caller.Access(), ct: ct);
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
    [EndpointName("listPurchaseOrders"), EndpointSummary("List purchase orders, newest first")]
    [ProducesResponseType<PageResponse<OrderResponse>>(StatusCodes.Status200OK)]
    public async Task<PageResponse<OrderResponse>> List(
        string? user, [WireEnum(typeof(OrderStatus))] string? status, [WireEnum(typeof(OrderType))] string? type, int? page, int? size,
        CancellationToken ct)
    {
        var caller = Caller;
        var access = caller.IsAdmin && user is null ? OrderAccess.Admin : OrderAccess.Tenant(caller.ResolveUser(user));
        var (p, s) = ApiInput.Paging(page, size);
        var query = db.Orders.AsNoTracking().VisibleTo(access);
        if (status is not null)
        {
            var wanted = ApiInput.Enum<OrderStatus>(status, "status");
            query = query.Where(o => o.Status == wanted);
        }
        if (type is not null)
        {
            var wanted = ApiInput.Enum<OrderType>(type, "type");
            query = query.Where(o => o.Type == wanted);
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.OrderId)
            .Skip((p - 1) * s).Take(s).ToListAsync(ct);
        return new PageResponse<OrderResponse>(total, p, s, items.Select(OrderResponse.From).ToList());
    }

    /// <summary>The order's rows of DF_USAGE_HISTORY, oldest first.</summary>
    [HttpGet("{orderId}/charges")]
    [EndpointName("listOrderCharges"), EndpointSummary("List an order's charges, oldest first")]
    [ProducesResponseType<PageResponse<ChargeResponse>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<PageResponse<ChargeResponse>> Charges(string orderId, int? page, int? size, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().FindVisibleAsync(orderId, Caller.Access(), ct: ct);
        var (p, s) = ApiInput.Paging(page, size);
        var rows = db.UsageHistory.AsNoTracking().Where(u => u.OrderId == order.OrderId);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderBy(u => u.BeginTime).ThenBy(u => u.UsageId).Skip((p - 1) * s).Take(s).ToListAsync(ct);
        return new PageResponse<ChargeResponse>(total, p, s, items.Select(u => ChargeResponse.From(u, stored: true)).ToList());
    }

    private CreatedResult Created(OrderChange change)
    {
        var response = OrderChangeResponse.From(change);
        Response.Headers.ETag = change.Order.ETag;
        return Created($"/{Prefix}/purchaseorders/{Uri.EscapeDataString(change.Order.OrderId)}", response);
    }

    private IActionResult Replay(IdempotencyRecord earlier, string hash)
    {
        if (earlier.RequestHash != hash)
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                "This Idempotency-Key was used with a different request body.", IdempotencyStore.Header);
        if (earlier.StatusCode == 0) throw IdempotencyStore.InProgress();
        if (earlier.Location is not null) Response.Headers.Location = earlier.Location;
        if (earlier.ETag is not null) Response.Headers.ETag = earlier.ETag;
        Response.Headers[IdempotencyStore.ReplayedHeader] = "true";
        return new ContentResult { StatusCode = earlier.StatusCode, Content = earlier.ResponseBody, ContentType = "application/json" };
    }
}
