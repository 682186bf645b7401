using System.Globalization;

namespace ServiceUsage.Domain.Billing;

/// <summary>Money is <see cref="decimal"/>, stored with 4 places, rounded half away from zero (BILLING.md "Units").</summary>
public static class Money
{
    public const int Scale = 4;

    public static decimal Round(decimal value)
    {
        var rounded = Math.Round(value, Scale, MidpointRounding.AwayFromZero);
        // A rounded negative value can be a negative zero; never let "-0.0000" reach a page or a row.
        return rounded == 0m ? 0.0000m : rounded;
    }

    /// <summary>The value rounded and carrying exactly 4 decimal places (so JSON shows <c>180.0000</c>, not <c>180</c>).</summary>
    public static decimal WithScale(decimal value) => Round(value) + 0.0000m;

    public static string Format(decimal value) =>
        Round(value).ToString("0.0000", CultureInfo.InvariantCulture);
}
