using System.ComponentModel.DataAnnotations;
using ServiceUsage.Domain.Statements;

namespace ServiceUsage.Domain.Billing;

public enum RefundPolicy { None, Prorata }

/// <summary>The <c>Billing</c> configuration section.</summary>
public sealed class BillingOptions : IValidatableObject
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

    /// <summary>The IANA time zone whose calendar months statements (and budgets) cover.</summary>
    [Required]
    public string StatementTimeZone { get; set; } = "UTC";

    /// <summary>The first part of statement numbers (<c>SU-202611-42</c>).</summary>
    [Required, RegularExpression("^[A-Z][A-Z0-9]{0,9}$", ErrorMessage = "Billing:StatementPrefix must be 1 to 10 capital letters or digits, starting with a letter.")]
    public string StatementPrefix { get; set; } = "SU";

    private StatementCalendar? _calendar;

    /// <summary>Months in <see cref="StatementTimeZone"/> (a method, so configuration binding never evaluates it).</summary>
    public StatementCalendar Calendar() =>
        _calendar is { } c && c.Zone.Id == StatementTimeZone ? c : _calendar = StatementCalendar.For(StatementTimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!StatementCalendar.IsKnownZone(StatementTimeZone))
            yield return new ValidationResult(
                $"Billing:StatementTimeZone '{StatementTimeZone}' is not a time zone this system knows; use an IANA name such as UTC or Asia/Shanghai.",
                [nameof(StatementTimeZone)]);
    }
}
