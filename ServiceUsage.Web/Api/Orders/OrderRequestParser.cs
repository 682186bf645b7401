using ServiceUsage.Domain;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Api.Orders;

/// <summary>Turns request bodies into domain commands, naming the field at fault.</summary>
public static class OrderRequestParser
{
    public static CreateOrder ToCommand(CreateOrderRequest request, string user)
    {
        var type = request.Type ?? throw ApiProblemException.BadRequest("type", "type is required: 'prepay' or 'postpay'.");
        var planId = InputRules.PlanId(request.PlanId);
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

    /// <summary>The upgrade a PUT asks for, or null for a cancel.</summary>
    public static UpgradeOrder? ToUpgrade(ChangeOrderRequest request) => request.Action switch
    {
        OrderAction.Cancel => null,
        OrderAction.Upgrade => new UpgradeOrder(InputRules.PlanId(request.PlanId), Quantity(request.Quantity)),
        _ => throw ApiProblemException.BadRequest("action", "action is required: 'cancel' or 'upgrade'."),
    };

    public static int Quantity(int? quantity) =>
        quantity is >= OrderLimits.MinQuantity and <= OrderLimits.MaxQuantity ? quantity.Value
            : throw ApiProblemException.BadRequest("quantity", $"quantity must be {OrderLimits.MinQuantity} to {OrderLimits.MaxQuantity}.");
}
