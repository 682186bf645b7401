using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Webhooks;

/// <summary>
/// The body of a delivery: the event as the pull feed shows it (<c>id</c>, <c>sequence</c>, <c>type</c>, <c>time</c>,
/// <c>user</c>, <c>data</c>), UTF-8 JSON, the same bytes on every attempt.
/// </summary>
public static class WebhookPayloads
{
    public static async Task<Dictionary<string, byte[]>> LoadAsync(ServiceUsageDbContext db, IReadOnlyList<string> eventIds, CancellationToken ct)
    {
        var bodies = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var chunk in eventIds.Chunk(500))
            foreach (var e in await db.Events.AsNoTracking().Where(e => chunk.Contains(e.Id) && e.Sequence != null).ToListAsync(ct))
                bodies[e.Id] = Body(e);
        return bodies;
    }

    public static byte[] Body(EventRecord e)
    {
        using var buffer = new MemoryStream(256 + e.Data.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteNumber("sequence", e.Sequence!.Value);
            json.WriteString("type", e.Type);
            json.WriteString("time", WireTime.Format(e.Time));
            json.WriteString("user", e.User);
            json.WritePropertyName("data");
            json.WriteRawValue(e.Data, skipInputValidation: true);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

/// <summary>The <c>webhook.endpoint-disabled</c> event: recorded with the change that disabled the endpoint.</summary>
internal static class WebhookNotices
{
    public static void Disabled(ServiceUsageDbContext db, WebhookEndpoint endpoint, WebhookDelivery delivery) =>
        EventOutbox.Add(db, WebhookEventTypes.EndpointDisabled, endpoint.Owner ?? endpoint.CreatedBy,
            $"{endpoint.Id}\n{endpoint.DisabledAt:O}",
            new DisabledNotice(endpoint.Id, endpoint.Url, endpoint.Owner, delivery.Id, delivery.EventId, endpoint.DisabledReason ?? ""),
            endpoint.DisabledAt!.Value);

    private sealed record DisabledNotice(long EndpointId, string Url, string? User, long DeliveryId, string EventId, string Reason);
}
