namespace ServiceUsage.Domain.Webhooks;

/// <summary>
/// Where events are POSTed. A deployment endpoint (<see cref="Owner"/> null, registered by an admin) receives every
/// user's events; a tenant's receives only that tenant's. The signing secret is kept protected by the Data Protection
/// key ring (the same ring every replica reads), never in the clear.
/// </summary>
public sealed class WebhookEndpoint
{
    public long Id { get; set; }

    /// <summary>The tenant whose events it receives; null for a deployment endpoint (all events).</summary>
    public string? Owner { get; set; }

    /// <summary>Who registered it (a tenant, or the admin who registered a deployment endpoint).</summary>
    public required string CreatedBy { get; set; }

    public required string Url { get; set; }

    /// <summary>Event types it wants, space-separated; empty for every type.</summary>
    public string EventTypes { get; set; } = "";

    /// <summary>The <c>whsec_</c> secret, protected (<see cref="WebhookSecrets"/>).</summary>
    public required string ProtectedSecret { get; set; }

    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>When and why it was disabled, by an operator or after a delivery failed for the whole retry window.</summary>
    public DateTime? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }

    /// <summary>The sequence of the last event considered for it: fan-out resumes after it.</summary>
    public long Cursor { get; set; }

    /// <summary>Not before this time is its next delivery tried (the head of its queue is waiting out a back-off).</summary>
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>The host sending its deliveries now, and until when that claim holds (a crashed host's claim lapses).</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }

    public IReadOnlyList<string> Types => WebhookEventTypes.Split(EventTypes);

    public bool Wants(string type, string? user) =>
        (Owner is null || string.Equals(Owner, user, StringComparison.Ordinal)) && (EventTypes.Length == 0 || Types.Contains(type));
}

public enum WebhookDeliveryStatus { Pending, Delivered, Failed }

/// <summary>One event for one endpoint: sent until a 2xx answers, or failed once the retry schedule runs out.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public long EndpointId { get; set; }
    public required string EventId { get; set; }
    public long Sequence { get; set; }
    public required string EventType { get; set; }

    /// <summary>When the event happened (the oldest undelivered one's age is a metric).</summary>
    public DateTime EventAt { get; set; }

    public WebhookDeliveryStatus Status { get; set; }
    /// <summary>Attempts since it was created or last resent (the log keeps every attempt).</summary>
    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int? LastStatusCode { get; set; }

    public List<WebhookAttempt> AttemptLog { get; set; } = [];
}

public enum WebhookAttemptOutcome { Succeeded, Failed, Refused }

/// <summary>One POST (or one refusal to connect): when, how long, what answered.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public DateTime At { get; set; }
    public int DurationMs { get; set; }
    public int? StatusCode { get; set; }
    public WebhookAttemptOutcome Outcome { get; set; }
    public string? Error { get; set; }
}
