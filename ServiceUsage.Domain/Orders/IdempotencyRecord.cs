namespace ServiceUsage.Domain.Orders;

/// <summary>The first response to a POST with an Idempotency-Key, replayed for the same key and body.</summary>
public sealed class IdempotencyRecord
{
    public required string User { get; set; }
    public required string Key { get; set; }
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public string? Location { get; set; }

    /// <summary>The ETag the first answer carried (the order as it was then).</summary>
    public string? ETag { get; set; }
    public required string ResponseBody { get; set; }
    public DateTime CreatedAt { get; set; }
}
