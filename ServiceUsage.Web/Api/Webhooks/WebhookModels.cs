using ServiceUsage.Domain.Webhooks;

namespace ServiceUsage.Web.Api.Webhooks;

/// <summary>A new endpoint: where, and which event types (none or empty: all).</summary>
public sealed record CreateWebhookRequest(string? Url = null, IReadOnlyList<string?>? EventTypes = null);

/// <summary>A change: each field given replaces the current one; <c>enabled: true</c> re-enables a disabled endpoint.</summary>
public sealed record UpdateWebhookRequest(string? Url = null, IReadOnlyList<string?>? EventTypes = null, bool? Enabled = null);

/// <summary>An endpoint. <c>user</c> is the tenant whose events it receives, null for a deployment endpoint (every event).</summary>
public sealed record WebhookResponse(
    long Id, string Url, IReadOnlyList<string> EventTypes, bool Enabled, string? User, DateTime CreatedAt,
    DateTime? DisabledAt, string? DisabledReason)
{
    public static WebhookResponse From(WebhookEndpoint e) =>
        new(e.Id, e.Url, e.Types, e.Enabled, e.Owner, e.CreatedAt, e.DisabledAt, e.DisabledReason);
}

/// <summary>The new endpoint and, this once, its signing secret (Standard Webhooks form, <c>whsec_</c> and base64).</summary>
public sealed record CreatedWebhookResponse(
    long Id, string Url, IReadOnlyList<string> EventTypes, bool Enabled, string? User, DateTime CreatedAt, string Secret);

public sealed record WebhookAttemptResponse(DateTime At, int DurationMs, int? StatusCode, WebhookAttemptOutcome Outcome, string? Error)
{
    public static WebhookAttemptResponse From(WebhookAttempt a) => new(a.At, a.DurationMs, a.StatusCode, a.Outcome, a.Error);
}

/// <summary>One event for one endpoint, with every attempt so far (<c>attempts</c> counts those since it was created or resent).</summary>
public sealed record WebhookDeliveryResponse(
    long Id, string EventId, long Sequence, string EventType, WebhookDeliveryStatus Status, int Attempts, DateTime CreatedAt,
    DateTime? FinishedAt, int? LastStatusCode, IReadOnlyList<WebhookAttemptResponse> AttemptLog)
{
    public static WebhookDeliveryResponse From(WebhookDelivery d) => new(
        d.Id, d.EventId, d.Sequence, d.EventType, d.Status, d.Attempts, d.CreatedAt, d.FinishedAt, d.LastStatusCode,
        d.AttemptLog.Select(WebhookAttemptResponse.From).ToList());
}

public sealed record WebhookDeliveryListResponse(IReadOnlyList<WebhookDeliveryResponse> Items);
