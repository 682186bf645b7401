namespace ServiceUsage.Domain.Billing;

/// <summary>One run of a billing job, for the admin pages and the API.</summary>
public sealed class BillingRun
{
    public long Id { get; set; }
    public required string Job { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>The instant the run charged up to.</summary>
    public DateTime AsOf { get; set; }

    public int OrdersSeen { get; set; }
    public int RowsCharged { get; set; }
    public decimal MoneyCharged { get; set; }
    public string? Error { get; set; }
}
