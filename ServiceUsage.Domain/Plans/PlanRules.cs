using System.Text.RegularExpressions;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Domain.Plans;

/// <summary>
/// What a plan version's fields may hold: the one place the API, the admin form and <see cref="PlanService"/> ask.
/// Each check returns the message to show (null when the value is fine); <see cref="Check"/> throws the first one.
/// Ids are short and plain so they fit their columns and any URL or page; names and texts fit their columns and
/// carry no markup.
/// </summary>
public static partial class PlanRules
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 1000;
    public const int MaxUnitLength = 40;
    public const decimal MaxPrice = 1_000_000m;

    public const string IdMessage = "Use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.";
    public const string NameMessage = "Enter 1 to 200 characters, without '<', '>' or control characters.";
    public const string DescriptionMessage = "At most 1000 characters, without '<', '>' or control characters.";
    public const string UnitMessage = "Enter 1 to 40 characters, without '<', '>' or control characters.";
    public const string PriceMessage = "A price is 0 to 1,000,000 with at most 4 decimal places.";
    public const string NoPriceMessage = "Enter a monthly price, an hourly price or both.";

    /// <summary>Plan and service ids, as the OpenAPI document and docs/api.md state them.</summary>
    public const string IdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    // IdPattern with \z for $: in .NET, $ also matches before a final newline ("S\n" is no id).
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex IdRegex();

    /// <summary>A plan id or service id.</summary>
    public static string? Id(string? value) => value is not null && IdRegex().IsMatch(value) ? null : IdMessage;

    public static string? Name(string? value) => PlainText(value, 1, MaxNameLength) ? null : NameMessage;

    public static string? Description(string? value) => PlainText(value ?? "", 0, MaxDescriptionLength) ? null : DescriptionMessage;

    public static string? Unit(string? value) => PlainText(value, 1, MaxUnitLength) ? null : UnitMessage;

    public static string? Price(decimal? value) =>
        value is not { } p || (p >= 0 && p <= MaxPrice && Money.Round(p) == p) ? null : PriceMessage;

    public static string? Prices(decimal? monthly, decimal? hourly) =>
        Price(monthly) ?? Price(hourly) ?? (monthly is null && hourly is null ? NoPriceMessage : null);

    /// <summary>Refuses the first field at fault with <see cref="BillingError.Invalid"/>, naming the field.</summary>
    public static void Check(string planId, string name, PlanDetails details)
    {
        Fail("planId", Id(planId));
        Fail("name", Name(name));
        Fail("serviceId", Id(details.ServiceId));
        Fail("description", Description(details.Description));
        Fail("unit", Unit(details.Unit));
        Fail("monthlyPrice", Price(details.MonthlyPrice));
        Fail("hourlyPrice", Price(details.HourlyPrice));
        Fail("monthlyPrice", Prices(details.MonthlyPrice, details.HourlyPrice));
    }

    private static void Fail(string field, string? message)
    {
        if (message is not null) throw new BillingException(BillingError.Invalid, $"{field}: {message}", field);
    }

    private static bool PlainText(string? value, int min, int max) =>
        value is not null && value.Length >= min && value.Length <= max && (min == 0 || !string.IsNullOrWhiteSpace(value))
        && !value.Any(c => char.IsControl(c) || c is '<' or '>');
}
