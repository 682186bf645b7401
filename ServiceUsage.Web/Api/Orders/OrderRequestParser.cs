using ServiceUsage.Domain;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Api.Orders;

/// <summary>Turns request bodies into domain commands, naming the field at fault.</summary>
public static class OrderRequestParser
{
    public static CreateOrder ToCommand(CreateOrderRequest request, string user)
    {
        if (!EnumNames.TryParse<OrderType>(request.Type, out var type) || request.Type is null)
            throw ApiProblemException.BadRequest("type", "type must be 'prepay' or 'postpay'.");
        var planId = ApiInput.CheckText(request.PlanId, "planId", OrderLimits.MaxPlanIdLength);
        var quantity = Quantity(request.Quantity);
        var months = 1;
        if (type == OrderType.Prepay)
        {
            months = request.Months ?? throw ApiProblemException.BadRequest("months", "months is required for prepay orders.");
            if (months is < OrderLimits.MinMonths or > OrderLimits.MaxMonths)
                throw ApiProblemException.BadRequest("months", $"months must be {OrderLimits.MinMonths} to {OrderLimits.MaxMonths}.");
        }
        else if (request.Months is not null || request.AutoRenew is not null)
            throw ApiProblemException.BadRequest(request.Months is not null ? "months" : "autoRenew",
                "months and autoRenew apply to prepay orders only.");
        return new CreateOrder(user, type, planId, quantity, months, request.AutoRenew ?? false);
    }

    public static int Quantity(int? quantity) =>
        quantity is >= OrderLimits.MinQuantity and <= OrderLimits.MaxQuantity ? quantity.Value
            : throw ApiProblemException.BadRequest("quantity", $"quantity must be {OrderLimits.MinQuantity} to {OrderLimits.MaxQuantity}.");

    public static string OrderId(string orderId) => ApiInput.CheckText(orderId, "orderId", PurchaseOrder.IdLength);
}
