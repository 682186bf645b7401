using System.Globalization;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Tests.Domain;

/// <summary>BILLING.md "Units" for pages: currency by culture, 2 places for sums, prices as set, the exact 4 places; the zone's name.</summary>
public sealed class MoneyFormatTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");

    [Theory]
    [InlineData(12.345, "12.35 CNY", "¥12.35")]
    [InlineData(1080, "1,080.00 CNY", "¥1,080.00")]
    [InlineData(-40.8653, "-40.87 CNY", "-¥40.87")]
    [InlineData(-0.001, "0.00 CNY", "¥0.00")]
    public void Sums_have_two_places_and_the_currency_by_culture(double value, string english, string chinese)
    {
        var format = new MoneyFormat("CNY");
        Assert.Equal(english, format.Sum((decimal)value, English));
        Assert.Equal(chinese, format.Sum((decimal)value, Chinese));
    }

    [Fact]
    public void Prices_keep_the_places_they_were_set_with_and_rows_show_four()
    {
        var format = new MoneyFormat("CNY");
        Assert.Equal("¥0.055", format.Format(0.055m, MoneyStyle.UnitPrice, Chinese));
        Assert.Equal("¥30.00", format.Format(30m, MoneyStyle.UnitPrice, Chinese));
        Assert.Equal("0.0283 CNY", format.Exact(0.0283m, English));
        Assert.Equal("0.1000", MoneyFormat.Plain(0.1m));
        Assert.Equal("$12.35", new MoneyFormat("USD").Sum(12.345m, English));
    }

    [Fact]
    public void Zones_are_named_with_their_offset()
    {
        var now = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal("UTC+8", LocalZone.OffsetLabel(LocalZone.Find("Asia/Shanghai"), now));
        Assert.Equal("UTC+5:30", LocalZone.OffsetLabel(LocalZone.Find("Asia/Kolkata"), now));
        Assert.Equal("UTC-5", LocalZone.OffsetLabel(LocalZone.Find("America/New_York"), now));
        Assert.Equal("UTC", LocalZone.OffsetLabel(LocalZone.Find("no/such-zone"), now));
    }
}
