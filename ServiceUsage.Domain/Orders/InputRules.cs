using System.Text.RegularExpressions;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Domain.Orders;

/// <summary>
/// The one home of the rules for ids and names, shared by the API and the portal. Ids have a fixed form (so a
/// look-up by anything else is "not found" without asking the database); names and texts fit their columns and
/// hold no control characters. Each rule comes as <c>XxxError</c> (a message or null, for forms) and as a
/// checking method that throws <see cref="BillingException"/> (<see cref="BillingError.Invalid"/>) naming the field.
/// </summary>
public static partial class InputRules
{
    public const int MaxUserLength = OrderLimits.MaxUserLength;
    public const int MaxIdLength = 64;
    public const int MaxPlanNameLength = 200;
    public const int MaxDescriptionLength = 1000;
    public const int MaxUnitLength = 40;
    public const int MaxTokenNameLength = 100;
    public const int MaxIdempotencyKeyLength = 100;

    /// <summary>Plan and service ids: an ASCII letter or digit, then letters, digits, '-' or '_'; 1 to 64 in all.</summary>
    public const string IdPattern = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";

    /// <summary>Order ids as generated: 32 URL-safe base64 characters.</summary>
    public const string OrderIdPattern = "^[A-Za-z0-9_-]{32}$";

    public static bool IsOrderId(string? value) => value is not null && OrderIdRegex().IsMatch(value);

    public static bool IsPlanId(string? value) => value is not null && IdRegex().IsMatch(value);

    public static string? PlanIdError(string? value, string field = "planId") => IdError(value, field);

    public static string? ServiceIdError(string? value, string field = "serviceId") => IdError(value, field);

    /// <summary>
    /// A platform user: text of 1 to 120 characters without control characters, compared exactly (case and accents
    /// count). It may not begin or end with white space: MySQL's binary collations ignore trailing spaces, so
    /// <c>alice </c> could otherwise stand for <c>alice</c>; refusing it keeps every comparison exact.
    /// </summary>
    public static string? UserError(string? value, string field = "user") => TextError(value, field, MaxUserLength) ?? PaddedError(value!, field);

    public static string? PlanNameError(string? value, string field = "name") => TextError(value, field, MaxPlanNameLength);

    public static string? DescriptionError(string? value, string field = "description") =>
        string.IsNullOrEmpty(value) ? null : TextError(value, field, MaxDescriptionLength);

    public static string? UnitError(string? value, string field = "unit") => TextError(value, field, MaxUnitLength);

    public static string? TokenNameError(string? value, string field = "name") => TextError(value, field, MaxTokenNameLength);

    /// <summary>Keys compare exactly too (HTTP already trims white space around header values).</summary>
    public static string? IdempotencyKeyError(string? value, string field = "Idempotency-Key") =>
        TextError(value, field, MaxIdempotencyKeyLength) ?? PaddedError(value!, field);

    public static string User(string? value, string field = "user") => Check(value, UserError(value, field), field);

    public static string PlanId(string? value, string field = "planId") => Check(value, PlanIdError(value, field), field);

    public static string ServiceId(string? value, string field = "serviceId") => Check(value, ServiceIdError(value, field), field);

    public static string PlanName(string? value, string field = "name") => Check(value, PlanNameError(value, field), field);

    public static string Description(string? value, string field = "description") => Check(value, DescriptionError(value, field), field);

    public static string Unit(string? value, string field = "unit") => Check(value, UnitError(value, field), field);

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

    private static string? IdError(string? value, string field) =>
        string.IsNullOrEmpty(value) ? $"{field} is required."
        : IdRegex().IsMatch(value) ? null
        : $"{field} must be 1 to {MaxIdLength} characters: ASCII letters, digits, '-' or '_', starting with a letter or digit.";

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

    // The documented patterns with \z for $: in .NET, $ also matches before a final newline.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\z")]
    private static partial Regex IdRegex();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{32}\z")]
    private static partial Regex OrderIdRegex();
}
