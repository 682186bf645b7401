using System.Globalization;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Web.Portal;

/// <summary>
/// How statement documents write money and times. One place, so it can follow the portal's shared money display:
/// sums with 2 places and the currency (<c>¥12.35</c> in Chinese, <c>12.35 CNY</c> in English), exact figures with 4.
/// </summary>
public static class StatementFormat
{
    public static string Sum(decimal value, string currency) =>
        PortalLocalization.IsChinese && currency == "CNY"
            ? (value < 0 ? "-¥" : "¥") + Math.Abs(Math.Round(value, 2, MidpointRounding.AwayFromZero)).ToString("N2", CultureInfo.CurrentCulture)
            : Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("N2", CultureInfo.CurrentCulture) + " " + currency;

    /// <summary>The exact stored figure, 4 places.</summary>
    public static string Exact(decimal value) => Money.Round(value).ToString("N4", CultureInfo.CurrentCulture);

    /// <summary>A unit price as it was set (up to 4 places), per hour for usage and per month otherwise.</summary>
    public static string UnitPrice(decimal value, string currency, ChargeKind kind, Func<string, string> text)
    {
        var price = Money.Round(value).ToString("0.####", CultureInfo.InvariantCulture);
        var unit = text(kind == ChargeKind.Usage ? "h" : "month");
        return PortalLocalization.IsChinese && currency == "CNY" ? $"¥{price}/{unit}" : $"{price} {currency}/{unit}";
    }

    public static string Time(DateTime local) => local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Date(DateTime local) => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
