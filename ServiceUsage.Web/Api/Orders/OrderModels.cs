using System.ComponentModel;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Web.Api.Orders;

/// <summary>POST /purchaseorders. Every field optional in JSON, so a missing one is reported by name rather than defaulted.</summary>
public sealed record CreateOrderRequest(
    OrderType? Type = null, string? PlanId = null, int? Quantity = null, int? Months = null, bool? AutoRenew = null,
    string? User = null, bool? DryRun = null);

public enum OrderAction { Cancel, Upgrade }

/// <summary>PUT /purchaseorders/{orderId}: <c>cancel</c>, or <c>upgrade</c> with a plan and quantity.</summary>
public sealed record ChangeOrderRequest(
    OrderAction? Action = null, string? PlanId = null, int? Quantity = null, bool? DryRun = null,
    [property: Description("Prepay only: the instant of a held quote (a dry run made with the same quoteTime), at most 5 minutes " +
        "before this call. If the order is unchanged since then, the change is priced at that instant, so its rows equal the " +
        "quote; otherwise 409 (quote again). Ignored for postpay orders, whose changes take effect at the call.")]
    DateTime? QuoteTime = null);

public sealed record ChargeResponse(
    long? UsageId, string OrderId, string User, ChargeKind Kind, DateTime BeginTime, DateTime EndTime, decimal Payment, ChargeSnapshot Details)
{
    public static ChargeResponse From(UsageRecord u, bool stored) => new(
        stored ? u.UsageId : null, u.OrderId, u.User, u.Kind, u.BeginTime, u.EndTime, u.Payment, u.OrderDetails);
}

/// <summary>An order after a change, with the charges the change made (or, for a dry run, would make).</summary>
public sealed record OrderChangeResponse(
    OrderResponse Order, IReadOnlyList<ChargeResponse> Charges, decimal Net, bool DryRun,
    [property: Description("The instant the change is priced at. Send a dry run's quoteTime back as quoteTime (prepay, " +
        "within 5 minutes) to be charged exactly what it quoted.")]
    DateTime QuoteTime)
{
    public static OrderChangeResponse From(OrderChange change) => new(
        OrderResponse.From(change.Order), change.Charges.Select(c => ChargeResponse.From(c, change.Stored)).ToList(),
        change.Net, !change.Stored, change.PricedAt);
}

public sealed record PageResponse<T>(int Total, int Page, int Size, IReadOnlyList<T> Items);
