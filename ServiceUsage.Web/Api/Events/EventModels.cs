using System.ComponentModel;
using System.Text.Json;
using ServiceUsage.Domain.Events;

namespace ServiceUsage.Web.Api.Events;

/// <summary>GET /events: numbered events after <c>after</c>, in sequence order.</summary>
public sealed record EventListResponse(IReadOnlyList<EventResponse> Items);

/// <summary>One event, as the webhooks deliver it too.</summary>
public sealed record EventResponse(
    [property: Description("Unique and stable: the same occurrence always has this id. Receivers de-duplicate by it.")]
    string Id,
    [property: Description("Deployment-wide, increasing in the order events became visible; page with after=sequence.")]
    long Sequence,
    [property: Description("order.created, order.upgraded, order.cancelled, order.renewed, order.expired, statement.closed, " +
        "budget.threshold-crossed or budget.forecast-exceeded.")]
    string Type,
    DateTime Time,
    string User,
    [property: Description("The order (as GET /purchaseorders/{orderId} shows it) or statement (as GET /statements/{number}) " +
        "after the change, or the budget figures.")]
    JsonElement Data)
{
    public static EventResponse From(EventRecord e)
    {
        using var data = JsonDocument.Parse(e.Data);
        return new(e.Id, e.Sequence!.Value, e.Type, e.Time, e.User, data.RootElement.Clone());
    }
}
