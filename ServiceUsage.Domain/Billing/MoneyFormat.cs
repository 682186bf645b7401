using System.Globalization;

namespace ServiceUsage.Domain.Billing;

/// <summary>How a page shows a figure (BILLING.md "Units").</summary>
public enum MoneyStyle
{
    /// <summary>A sum of money: 2 places.</summary>
    Sum,

    /// <summary>The stored 4-place figure, where a tenant reconciles a row.</summary>
    Exact,

    /// <summary>A price as it was set: 2 to 4 places (¥0.055, ¥30.00).</summary>
    UnitPrice,
}

/// <summary>
/// Every money figure a person reads, in the deployment's currency (<c>Billing:Currency</c>) and the reader's culture:
/// the currency's symbol where the culture's own currency is it (<c>¥12.35</c> in Chinese for CNY), otherwise the ISO
/// code after the number (<c>12.35 CNY</c>). Rounding is half away from zero, like stored rows. Pages, statements and
/// CSV use this one formatter.
/// </summary>
public sealed class MoneyFormat(string currency)
{
    public string Currency { get; } = currency;

    public string Format(decimal value, MoneyStyle style, CultureInfo? culture = null)
    {
        var (places, pattern) = style switch
        {
            MoneyStyle.Sum => (2, "N2"),
            MoneyStyle.Exact => (4, "N4"),
            _ => (Math.Max(2, Places(value)), "N" + Math.Max(2, Places(value))),
        };
        var rounded = Math.Round(value, places, MidpointRounding.AwayFromZero);
        if (rounded == 0m) rounded = 0m; // never "-0.00"
        var (specific, symbol) = _cultures.GetOrAdd((culture ?? CultureInfo.CurrentCulture).Name, Resolve);
        return symbol ? rounded.ToString("C" + places, specific) : $"{rounded.ToString(pattern, specific)} {Currency}";
    }

    public string Sum(decimal value, CultureInfo? culture = null) => Format(value, MoneyStyle.Sum, culture);

    public string Exact(decimal value, CultureInfo? culture = null) => Format(value, MoneyStyle.Exact, culture);

    /// <summary>The 4-place figure with a dot and no grouping or currency, for CSV and machine reading.</summary>
    public static string Plain(decimal value) => Money.Format(value);

    /// <summary>Decimal places a price was set with (trailing zeros dropped), at most 4.</summary>
    private static int Places(decimal value)
    {
        var scaled = Math.Round(Math.Abs(value), Money.Scale, MidpointRounding.AwayFromZero);
        for (var places = 0; places < Money.Scale; places++)
            if (decimal.Round(scaled, places) == scaled) return places;
        return Money.Scale;
    }

    /// <summary>A culture's specific form (zh-Hans → zh-CN) and whether its own currency is ours (then its symbol is used).</summary>
    private (CultureInfo Specific, bool Symbol) Resolve(string name)
    {
        try
        {
            var specific = CultureInfo.CreateSpecificCulture(name);
            return (specific, specific.Name.Length > 0 && new RegionInfo(specific.Name).ISOCurrencySymbol == Currency);
        }
        catch (ArgumentException)
        {
            return (CultureInfo.InvariantCulture, false);
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (CultureInfo, bool)> _cultures = new();
}
