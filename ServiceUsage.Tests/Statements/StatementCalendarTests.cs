using System.ComponentModel.DataAnnotations;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Statements;

namespace ServiceUsage.Tests.Statements;

/// <summary>Statement months in the deployment's zone (Billing__StatementTimeZone), and the setting's validation.</summary>
public sealed class StatementCalendarTests
{
    [Theory]
    [InlineData("UTC", "2026-11", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")]
    [InlineData("Asia/Shanghai", "2026-11", "2026-10-31T16:00:00Z", "2026-11-30T16:00:00Z")]
    [InlineData("Asia/Kolkata", "2026-02", "2026-01-31T18:30:00Z", "2026-02-28T18:30:00Z")]
    [InlineData("America/New_York", "2026-03", "2026-03-01T05:00:00Z", "2026-04-01T04:00:00Z")] // DST starts in March
    public void A_month_is_its_first_local_instant_to_the_next_months(string zone, string label, string begin, string end)
    {
        var calendar = StatementCalendar.For(zone);
        Assert.True(calendar.TryParse(label, out var month));
        Assert.Equal((Utc(begin), Utc(end)), (month.Begin, month.End));
        Assert.Equal(label, calendar.Of(month.Begin).Label);
        Assert.Equal(label, calendar.Of(month.End.AddTicks(-1)).Label);
        Assert.Equal(month.End, calendar.Next(month).Begin);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-1")]
    [InlineData("26-11")]
    [InlineData("2026/11")]
    public void Only_yyyy_MM_parses_as_a_month(string text) => Assert.False(StatementCalendar.Utc.TryParse(text, out _));

    [Fact]
    public void An_unknown_zone_or_a_bad_prefix_is_refused_naming_the_setting()
    {
        var errors = Validate(new BillingOptions { StatementTimeZone = "Mars/Olympus" });
        Assert.Contains(errors, e => e.Contains("Billing:StatementTimeZone") && e.Contains("Mars/Olympus"));
        Assert.Contains(Validate(new BillingOptions { StatementPrefix = "su-x" }), e => e.Contains("Billing:StatementPrefix"));
        Assert.Empty(Validate(new BillingOptions { StatementTimeZone = "Asia/Shanghai", StatementPrefix = "ACME2" }));
    }

    private static List<string> Validate(BillingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }

    private static DateTime Utc(string text) => DateTime.Parse(text, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
}
