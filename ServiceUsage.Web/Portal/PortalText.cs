using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Webhooks;

namespace ServiceUsage.Web.Portal;

/// <summary>Messages the portal shows for the Domain's limits and refusals, in the reader's language.</summary>
public static class PortalText
{
    public static string? Quantity(int q, UiText t) =>
        q is < OrderLimits.MinQuantity or > OrderLimits.MaxQuantity ? t["Quantity must be {0} to {1}.", OrderLimits.MinQuantity, OrderLimits.MaxQuantity].Value : null;

    public static string? Months(int m, UiText t) =>
        m is < OrderLimits.MinMonths or > OrderLimits.MaxMonths ? t["Months must be {0} to {1}.", OrderLimits.MinMonths, OrderLimits.MaxMonths].Value : null;

    /// <summary>A refused billing call as a sentence: one per kind of refusal; a field rule's own message (PlanRules) as it is.</summary>
    public static string Describe(BillingException ex, UiText t)
    {
        var key = ex.Error switch
        {
            BillingError.Conflict => "Someone else changed this at the same time: reload and try again.",
            BillingError.NotFound => "It was not found.",
            BillingError.NotActive => "Only active orders can change.",
            BillingError.NothingToChange => "Choose another plan or quantity: the order already has this one.",
            BillingError.NotForSale => "That plan is not on sale for this kind of order.",
            BillingError.OtherService => "That plan sells another service.",
            BillingError.Downgrade => "A downgrade is refused inside a paid period: it would need a refund. Change the order at renewal, or cancel it and buy the smaller plan.",
            BillingError.QuoteExpired => "The quote no longer holds: quote again.",
            _ => null,
        };
        if (key is not null) return t[key];
        // "field: message" from PlanRules, or a whole sentence: translated where the table has it, else as the Domain said.
        var message = ex.Field is { } field && ex.Message.StartsWith(field + ": ", StringComparison.Ordinal) ? ex.Message[(field.Length + 2)..] : ex.Message;
        return t[message];
    }

    /// <summary>A refused webhook call as a sentence: one per kind of refusal; a field rule's message translated where the table has it.</summary>
    public static string Describe(WebhookException ex, UiText t) => ex.Error switch
    {
        WebhookError.UnsafeTarget => t["Webhooks go to public internet addresses only: this URL's host does not resolve, or it resolves to a loopback, private, link-local or reserved address."],
        WebhookError.TooMany => t["You have as many webhook endpoints as a tenant may have: delete one before adding another."],
        WebhookError.NotFound => t["It was not found."],
        _ => t[ex.Message],
    };
}
