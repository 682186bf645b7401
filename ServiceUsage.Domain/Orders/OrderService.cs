using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Orders;

/// <summary>
/// Buys, cancels and upgrades orders. Each call is one transaction that also records its event (order.created,
/// order.cancelled, order.upgraded); with dryRun it is a quote and stores nothing, no event either.
/// </summary>
public sealed class OrderService(ServiceUsageDbContext db, TimeProvider clock, IOptions<BillingOptions> options)
{
    /// <summary>Tries of a change that keeps colliding with billing batches (each batch moves an order once per run).</summary>
    private const int MaxAttempts = 5;

    public async Task<OrderChange> CreateAsync(CreateOrder command, bool dryRun = false, CancellationToken ct = default)
    {
        Validate(command);
        var now = BillingTime.Now(clock);
        var plan = await LoadPlanAsync(command.PlanId, ct);
        var version = plan.ForSale(command.Type, now);
        var order = new PurchaseOrder
        {
            OrderId = NewOrderId(),
            Type = command.Type,
            User = command.User,
            ServiceId = version.ServiceId,
            PlanId = plan.PlanId,
            Quantity = command.Quantity,
            BeginTime = now,
            Status = OrderStatus.Active,
            AutoRenew = command.Type == OrderType.Prepay && command.AutoRenew,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var charges = new List<UsageRecord>();
        if (command.Type == OrderType.Prepay) charges.Add(PrepayCharges.Purchase(order, version, command.Months));
        else order.ChargedUntil = now;

        db.Orders.Add(order);
        db.UsageHistory.AddRange(charges);
        return await FinishAsync(order, charges, dryRun, now, new OrderEvent(EventTypes.OrderCreated, order.OrderId), ct);
    }

    public Task<OrderChange> CancelAsync(string orderId, OrderAccess access, bool dryRun = false, CancellationToken ct = default) =>
        ChangeAsync(orderId, access, dryRun, EventTypes.OrderCancelled, async (order, now) =>
        {
            var t = EffectiveTime(order, access, now);
            var plan = await LoadPlanAsync(order.PlanId, ct);
            var charges = new List<UsageRecord>();
            if (order.Type == OrderType.Postpay)
                charges.AddRange(PostpayCharges.ChargeThrough(order, plan, t, closeOpenSegment: true));
            var forfeited = 0m;
            if (order.Type == OrderType.Prepay)
            {
                var rows = await RowsReachingPastAsync(order, t, ct);
                if (options.Value.PrepayCancelRefund == RefundPolicy.Prorata)
                    charges.Add(PrepayCharges.Refund(order, rows, plan.At(t) ?? plan.Versions[^1], t));
                else
                    forfeited = Money.Round(Proration.Sum(rows, t, order.EndTime!.Value));
            }
            order.EndTime = t;
            order.Status = OrderStatus.Cancelled;
            return new Pricing(charges, t, forfeited);
        }, ct);

    public Task<OrderChange> UpgradeAsync(string orderId, UpgradeOrder command, OrderAccess access, bool dryRun = false, CancellationToken ct = default)
    {
        ValidateQuantity(command.Quantity);
        InputRules.PlanId(command.PlanId);
        return ChangeAsync(orderId, access, dryRun, EventTypes.OrderUpgraded, async (order, now) =>
        {
            if (command.PlanId == order.PlanId && command.Quantity == order.Quantity)
                throw new BillingException(BillingError.NothingToChange, "The order already has this plan and quantity: nothing to change.");
            var t = EffectiveTime(order, access, now);

            var target = await LoadPlanAsync(command.PlanId, ct);
            var version = target.ForSale(order.Type, t);
            if (version.ServiceId != order.ServiceId)
                throw new BillingException(BillingError.OtherService,
                    $"Plan '{command.PlanId}' sells '{version.ServiceId}', not this order's '{order.ServiceId}'.", "planId");

            var charges = new List<UsageRecord>();
            if (order.Type == OrderType.Postpay)
            {
                var current = await LoadPlanAsync(order.PlanId, ct);
                charges.AddRange(PostpayCharges.ChargeThrough(order, current, now, closeOpenSegment: true));
            }
            else
            {
                var rows = await RowsReachingPastAsync(order, t, ct);
                var (credit, charge) = PrepayCharges.Upgrade(order, rows, version, command.Quantity, t);
                charges.Add(credit);
                charges.Add(charge);
            }
            order.PlanId = target.PlanId;
            order.Quantity = command.Quantity;
            return new Pricing(charges, t);
        }, ct);
    }

    /// <summary>What a change wrote (or would write), the instant it was priced at, and for a cancel what it gives up.</summary>
    private readonly record struct Pricing(List<UsageRecord> Charges, DateTime At, decimal Forfeited = 0m);

    /// <summary>
    /// The event a stored change records. The key names the occurrence: an order is created and cancelled once; each
    /// upgrade makes a new version of it (ROW_VERSION), which a retried attempt, being a new version, does not repeat.
    /// </summary>
    private readonly record struct OrderEvent(string Type, string IdKey);

    /// <summary>
    /// One change of one active order, in one transaction. A billing batch may commit between the read and the save
    /// (it moves CHARGED_UNTIL or END_TIME, never the plan, quantity or auto-renew): without an expected version the
    /// change is then made again on the order as it now is, since it is still what the caller asked for. With an
    /// expected version (If-Match, a page's reload guard) any change in between is the caller's conflict.
    /// </summary>
    private async Task<OrderChange> ChangeAsync(
        string orderId, OrderAccess access, bool dryRun, string eventType, Func<PurchaseOrder, DateTime, Task<Pricing>> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = BillingTime.Now(clock);
            var order = await LoadActiveOrderAsync(orderId, access, now, ct);
            var terms = (order.PlanId, order.Quantity, order.AutoRenew);
            var pricing = await change(order, now);
            order.Touch(now);
            db.UsageHistory.AddRange(pricing.Charges);
            try
            {
                var key = eventType == EventTypes.OrderCancelled ? order.OrderId : $"{order.OrderId}/{order.RowVersion}";
                return await FinishAsync(order, pricing.Charges, dryRun, pricing.At, new OrderEvent(eventType, key), ct, pricing.Forfeited);
            }
            catch (BillingException ex) when (ex.Error == BillingError.Conflict && access.ExpectedRowVersion is null && attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
                if (await TermsAsync(orderId, ct) != terms) throw; // someone else changed the order itself
            }
        }
    }

    private async Task<(string, int, bool)> TermsAsync(string orderId, CancellationToken ct)
    {
        var now = await db.Orders.AsNoTracking().Where(o => o.OrderId == orderId).Select(o => new { o.PlanId, o.Quantity, o.AutoRenew }).SingleAsync(ct);
        return (now.PlanId, now.Quantity, now.AutoRenew);
    }

    /// <summary>Stores the change with its event in one SaveChanges (one transaction), or for a dry run forgets both.</summary>
    private async Task<OrderChange> FinishAsync(PurchaseOrder order, List<UsageRecord> charges, bool dryRun, DateTime pricedAt,
        OrderEvent recorded, CancellationToken ct, decimal forfeited = 0m)
    {
        if (dryRun) db.ChangeTracker.Clear();
        else
        {
            EventOutbox.Add(db, recorded.Type, order.User, recorded.IdKey, OrderResponse.From(order), order.UpdatedAt);
            await DailyRollups.SaveAsync(db, ct);
        }
        return new OrderChange(order, charges, Stored: !dryRun, pricedAt, forfeited);
    }

    private async Task<PurchaseOrder> LoadActiveOrderAsync(string orderId, OrderAccess access, DateTime now, CancellationToken ct)
    {
        var order = await db.Orders.FindVisibleAsync(orderId, access, ct: ct);
        if (access.ExpectedRowVersion is { } expected && expected != order.RowVersion)
            throw new BillingException(BillingError.Conflict, "The order was changed by someone else; reload it and try again.");
        if (!order.IsActive || (order.Type == OrderType.Prepay && order.EndTime <= now))
            throw new BillingException(BillingError.NotActive, $"Order '{orderId}' is {EnumNames.ToWire(order.Status)}: only active orders can change.");
        return order;
    }

    /// <summary>
    /// When a change applies: now, or for a prepay order the instant of a held quote (BILLING.md "Held quotes"): at most
    /// <see cref="OrderLimits.QuoteHold"/> old and the order unchanged since. Postpay changes always apply now.
    /// </summary>
    private static DateTime EffectiveTime(PurchaseOrder order, OrderAccess access, DateTime now)
    {
        if (access.QuoteTime is not { } quoted || order.Type == OrderType.Postpay) return now;
        var t = BillingTime.Normalize(quoted);
        if (t > now)
            throw new BillingException(BillingError.Invalid, "quoteTime is in the future: send the instant the quote was made.", "quoteTime");
        if (now - t > OrderLimits.QuoteHold)
            throw new BillingException(BillingError.QuoteExpired,
                $"The quote of {t:yyyy-MM-dd HH:mm:ss} UTC is more than {OrderLimits.QuoteHold.TotalMinutes:0} minutes old: quote again.", "quoteTime");
        if (order.UpdatedAt > t)
            throw new BillingException(BillingError.QuoteExpired, "The order changed after the quote was made: quote again.", "quoteTime");
        return t;
    }

    private async Task<List<UsageRecord>> RowsReachingPastAsync(PurchaseOrder order, DateTime t, CancellationToken ct) =>
        await db.UsageHistory.AsNoTracking().Where(u => u.OrderId == order.OrderId && u.EndTime > t).ToListAsync(ct);

    private async Task<PlanHistory> LoadPlanAsync(string planId, CancellationToken ct)
    {
        var versions = await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).ToListAsync(ct);
        if (versions.Count == 0)
            throw new BillingException(BillingError.NotForSale, $"Plan '{planId}' does not exist.", "planId");
        return new PlanHistory(planId, versions);
    }

    private static void Validate(CreateOrder command)
    {
        InputRules.User(command.User);
        InputRules.PlanId(command.PlanId);
        ValidateQuantity(command.Quantity);
        if (command.Type == OrderType.Prepay && command.Months is < OrderLimits.MinMonths or > OrderLimits.MaxMonths)
            throw new BillingException(BillingError.Invalid, $"months must be {OrderLimits.MinMonths} to {OrderLimits.MaxMonths}.", "months");
    }

    private static void ValidateQuantity(int quantity)
    {
        if (quantity is < OrderLimits.MinQuantity or > OrderLimits.MaxQuantity)
            throw new BillingException(BillingError.Invalid, $"quantity must be {OrderLimits.MinQuantity} to {OrderLimits.MaxQuantity}.", "quantity");
    }

    /// <summary>32 URL-safe characters from 24 random bytes.</summary>
    internal static string NewOrderId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
