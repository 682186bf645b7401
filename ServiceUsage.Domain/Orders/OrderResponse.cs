namespace ServiceUsage.Domain.Orders;

/// <summary>An order as the API shows it (GET /purchaseorders/{orderId}), and as an order event carries it in <c>data</c>.</summary>
public sealed record OrderResponse(
    string OrderId, OrderType Type, string User, string ServiceId, string PlanId, int Quantity,
    DateTime BeginTime, DateTime? EndTime, OrderStatus Status, bool AutoRenew, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static OrderResponse From(PurchaseOrder o) => new(
        o.OrderId, o.Type, o.User, o.ServiceId, o.PlanId, o.Quantity,
        o.BeginTime, o.EndTime, o.Status, o.AutoRenew, o.CreatedAt, o.UpdatedAt);
}
