using System.ComponentModel.DataAnnotations;

namespace ServiceUsage.Domain.Billing;

public enum RefundPolicy { None, Prorata }

/// <summary>The <c>Billing</c> configuration section.</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>One currency per deployment.</summary>
    [Required, RegularExpression("^[A-Z]{3}$", ErrorMessage = "Billing:Currency must be a three-letter ISO code such as CNY.")]
    public string Currency { get; set; } = "CNY";

    /// <summary>What a prepay cancel refunds: nothing, or the unused value.</summary>
    public RefundPolicy PrepayCancelRefund { get; set; } = RefundPolicy.None;

    /// <summary>Orders per transaction in the billing jobs.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Ledger rows one billing transaction writes at most, whatever the outage: an order further behind is charged in
    /// several transactions, its CHARGED_UNTIL (or END_TIME) moving with each commit.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxRowsPerTransaction { get; set; } = 20_000;

    /// <summary>Batches the billing jobs write at once on MySQL, each on its own connection (SQLite: always one).</summary>
    [Range(1, 8)]
    public int Writers { get; set; } = 2;
}
