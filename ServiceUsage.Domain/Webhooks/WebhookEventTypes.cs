namespace ServiceUsage.Domain.Webhooks;

/// <summary>The event types an endpoint may ask for (BILLING.md "Events", and the webhooks' own notice).</summary>
public static class WebhookEventTypes
{
    public const string EndpointDisabled = "webhook.endpoint-disabled";

    public static readonly IReadOnlyList<string> Known = [.. Events.EventTypes.All, EndpointDisabled];

    public static IReadOnlyList<string> Split(string stored) => stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The stored form of a requested list: known types only, each once, in the order of <see cref="Known"/>; empty means all.</summary>
    public static string Normalize(IEnumerable<string?>? requested, string field = "eventTypes")
    {
        var list = requested?.ToList() ?? [];
        if (list.Count > Known.Count * 2) throw new WebhookException(WebhookError.Invalid, $"{field} lists too many types.", field);
        foreach (var type in list)
            if (type is null || !Known.Contains(type, StringComparer.Ordinal))
                throw new WebhookException(WebhookError.Invalid,
                    $"{field} may hold only known event types: {string.Join(", ", Known)} (an empty list means all).", field);
        return string.Join(' ', Known.Where(k => list.Contains(k, StringComparer.Ordinal)));
    }
}
