using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Budgets;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Budgets;

/// <summary>The forecast engine without a database.</summary>
public sealed class ForecastEngineTests
{
    private static DateTime Utc(string text) => DateTime.Parse(text, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

    [Fact]
    public void Postpay_cost_of_a_range_equals_the_rows_the_job_writes_one_by_one()
    {
        var random = new Random(14);
        var start = Utc("2026-03-01T00:00:00Z");
        for (var round = 0; round < 300; round++)
        {
            var versions = Enumerable.Range(0, random.Next(1, 6))
                .Select(i => BillingHarness.Version("R", i == 0 ? start : start.AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 20) / 10 * 10), "mysql",
                    null, random.Next(1, 100_000) / 10_000m))
                .DistinctBy(v => v.BeginTime).ToList();
            var plan = new PlanHistory("R", versions);
            var from = start.AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 10) / 10 * 10);
            var to = from.AddTicks(random.Next(3) == 0 ? random.NextInt64(TimeSpan.TicksPerHour * 3) / 10 * 10 : random.NextInt64(TimeSpan.TicksPerDay * 15) / 10 * 10);
            var quantity = random.Next(1, 1001);

            var oneByOne = PostpayCharges.Segments(from, to).Sum(s => plan.PostpayCost(quantity, s.Begin, s.End).Payment);

            Assert.True(oneByOne == PostpayCharges.Cost(plan, quantity, from, to), $"round {round}: [{from:O}, {to:O}) × {quantity}");
        }
    }

    [Fact]
    public void A_threshold_inside_a_price_step_is_solved_to_the_second()
    {
        // 1.00/h, then 0.70/h from 11:30: 10.00 is reached after 10 h; 10.35 at 11:30 + 0.35 / 0.7 h = 12:00.
        var plan = new PlanHistory("Q", [BillingHarness.Version("Q", Utc("2026-03-01T00:00:00Z"), "mysql", null, 1m),
            BillingHarness.Version("Q", Utc("2026-03-01T11:30:00Z"), "mysql", null, 0.7m)]);
        var order = new ServiceUsage.Domain.Orders.PurchaseOrder
        {
            OrderId = "o", User = "u", ServiceId = "mysql", PlanId = "Q", Type = ServiceUsage.Domain.OrderType.Postpay, Quantity = 1,
            BeginTime = Utc("2026-03-01T01:00:00Z"), ChargedUntil = Utc("2026-03-01T01:00:00Z"), Status = ServiceUsage.Domain.OrderStatus.Active,
        };
        var f = ForecastEngine.Compute(new ForecastInput
        {
            Month = StatementCalendar.Utc.Month(2026, 3),
            Now = Utc("2026-03-01T01:00:00Z"),
            SpendToDate = 0m,
            Orders = [order],
            Plans = new Dictionary<string, PlanHistory> { ["Q"] = plan },
            Budget = 100m,
            Thresholds = [10, 11],
        });
        Assert.Equal(Utc("2026-03-01T11:00:00Z"), f.Thresholds[0].ForecastAt);
        // 11.00: 10.50 at 11:30, then 0.50 / 0.70 h = 2571.43 s: the second at or after it.
        Assert.Equal(Utc("2026-03-01T11:30:00Z").AddSeconds(2572), f.Thresholds[1].ForecastAt);
        Assert.Equal(10m + 0.85m + 0.7m * 732, f.Forecast);
    }
}
