using System.Text.RegularExpressions;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Plans;

namespace ServiceUsage.Domain.Orders;

/// <summary>
/// The rules for identities and names outside a plan version (whose fields are <see cref="PlanRules"/>), shared by
/// the API and the portal: users, order ids, plan and service ids as references, idempotency keys, token names.
/// Ids have a fixed form, so a look-up by anything else is "not found" without asking the database; texts fit their
/// columns and hold no control characters. Each rule comes as <c>XxxError</c> (a message or null, for forms) and
/// as a checking method that throws <see cref="BillingException"/> (<see cref="BillingError.Invalid"/>) naming the field.
/// </summary>
public static partial class InputRules
{
    public const int MaxUserLength = OrderLimits.MaxUserLength;
    public const int MaxTokenNameLength = 100;
    public const int MaxIdempotencyKeyLength = 100;

    /// <summary>Order ids as generated: 32 URL-safe base64 characters.</summary>
    public const string OrderIdPattern = "^[A-Za-z0-9_-]{32}$";

    public static bool IsOrderId(string? value) => value is not null && OrderIdRegex().IsMatch(value);

    /// <summary>A plan id (or service id) of the form <see cref="PlanRules.IdPattern"/>.</summary>
    public static bool IsPlanId(string? value) => PlanRules.Id(value) is null;

    /// <summary>
    /// A platform user: text of 1 to 120 characters without control characters, compared exactly (case and accents
    /// count). It may not begin or end with white space: MySQL's binary collations ignore trailing spaces, so
    /// <c>alice </c> could otherwise stand for <c>alice</c>; refusing it keeps every comparison exact.
    /// </summary>
    public static string? UserError(string? value, string field = "user") => TextError(value, field, MaxUserLength) ?? PaddedError(value!, field);

    public static string? TokenNameError(string? value, string field = "name") => TextError(value, field, MaxTokenNameLength);

    /// <summary>Keys compare exactly too (HTTP already trims white space around header values).</summary>
    public static string? IdempotencyKeyError(string? value, string field = "Idempotency-Key") =>
        TextError(value, field, MaxIdempotencyKeyLength) ?? PaddedError(value!, field);

    public static string User(string? value, string field = "user") => Check(value, UserError(value, field), field);

    /// <summary>A plan named by a request (to buy or upgrade to): refused in PlanRules' words when it cannot be an id.</summary>
    public static string PlanId(string? value, string field = "planId") =>
        Check(value, PlanRules.Id(value) is { } message ? $"{field}: {message}" : null, field);

    public static string TokenName(string? value, string field = "name") => Check(value, TokenNameError(value, field), field);

    public static string IdempotencyKey(string? value, string field = "Idempotency-Key") =>
        Check(value, IdempotencyKeyError(value, field), field);

    /// <summary>Required text of at most <paramref name="max"/> characters, not blank, no control characters, well-formed UTF-16.</summary>
    public static string? TextError(string? value, string field, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return $"{field} is required.";
        if (value.Length > max) return $"{field} must be at most {max} characters.";
        if (value.Any(char.IsControl)) return $"{field} must not contain control characters.";
        if (!IsWellFormed(value)) return $"{field} must be valid Unicode text.";
        return null;
    }

    private static string? PaddedError(string value, string field) =>
        char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) ? $"{field} must not begin or end with white space." : null;

    private static string Check(string? value, string? error, string field) =>
        error is null ? value! : throw new BillingException(BillingError.Invalid, error, field);

    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return false;
        }
        return true;
    }

    // The documented pattern with \z for $: in .NET, $ also matches before a final newline.
    [GeneratedRegex(@"^[A-Za-z0-9_-]{32}\z")]
    private static partial Regex OrderIdRegex();
}
