namespace ServiceUsage.Domain.Billing;

/// <summary>Why a billing call was refused. The names match billing-vectors.json's error names.</summary>
public enum BillingError
{
    NotFound,
    NotActive,
    NothingToChange,
    NotForSale,
    OtherService,
    Downgrade,
    Conflict,
    Invalid,

    /// <summary>A held quote that no longer holds: older than its window, or the order changed since (re-quote).</summary>
    QuoteExpired,
}

/// <summary>A refused call: nothing was stored. The API maps <see cref="Error"/> to a status code.</summary>
public sealed class BillingException(BillingError error, string message, string? field = null) : Exception(message)
{
    public BillingError Error { get; } = error;

    /// <summary>The request field at fault, when one is.</summary>
    public string? Field { get; } = field;
}
