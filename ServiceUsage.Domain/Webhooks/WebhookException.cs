namespace ServiceUsage.Domain.Webhooks;

public enum WebhookError { NotFound, Invalid, UnsafeTarget, TooMany }

/// <summary>A refused webhook call (registration, change, resend): nothing was stored.</summary>
public sealed class WebhookException(WebhookError error, string message, string? field = null) : Exception(message)
{
    public WebhookError Error { get; } = error;
    public string? Field { get; } = field;

    public static WebhookException NotFound(long id) => new(WebhookError.NotFound, $"Webhook endpoint {id} was not found.", "id");
}
