using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Tests.Domain;

/// <summary>BILLING.md "Units": 4 places, half away from zero, no negative zero; UTC microseconds.</summary>
public sealed class MoneyAndTimeTests
{
    [Theory]
    [InlineData("0.00025", "0.0003")]
    [InlineData("-0.00025", "-0.0003")]
    [InlineData("1.70466666", "1.7047")]
    [InlineData("-0.00004", "0.0000")]
    [InlineData("2.4", "2.4000")]
    public void Money_rounds_half_away_from_zero_to_four_places(string exact, string shown) =>
        Assert.Equal(shown, Money.Format(decimal.Parse(exact, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_rounded_negative_zero_is_plain_zero() =>
        Assert.False(decimal.IsNegative(Money.Round(-0.00001m)));

    [Fact]
    public void Times_are_normalized_to_utc_microseconds()
    {
        var local = new DateTimeOffset(2026, 3, 2, 18, 17, 23, TimeSpan.FromHours(8)).AddTicks(1234567);
        var t = BillingTime.Normalize(local.UtcDateTime);
        Assert.Equal(DateTimeKind.Utc, t.Kind);
        Assert.Equal(new DateTime(2026, 3, 2, 10, 17, 23, DateTimeKind.Utc).AddTicks(1234560), t);
    }

    [Fact]
    public void Next_hour_of_a_whole_hour_is_the_following_hour()
    {
        var h = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal(h.AddHours(1), BillingTime.NextHour(h));
        Assert.Equal(h.AddHours(1), BillingTime.NextHour(h.AddTicks(1)));
    }

    [Fact]
    public void Proration_multiplies_before_dividing()
    {
        var begin = new DateTime(2026, 1, 31, 10, 0, 0, DateTimeKind.Utc);
        var end = begin.AddDays(89);
        var share = Proration.Share(180m, begin, end, begin.AddDays(29), end);
        Assert.Equal("121.3483", Money.Format(share));
    }
}
