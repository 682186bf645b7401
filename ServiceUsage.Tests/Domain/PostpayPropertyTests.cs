using CsCheck;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Time;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain;

/// <summary>Properties of postpay charging over random plans, lifetimes and price changes.</summary>
public sealed class PostpayPropertyTests
{
    private static readonly DateTime Origin = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // A plan with 1-4 versions at random microsecond instants and prices, an order of 1-1000 units, a lifetime of up to ~4 days.
    private static readonly Gen<(PlanHistory Plan, int Quantity, DateTime Begin, DateTime End)> Scenario =
        from prices in Gen.Int[0, 99_999].Array[1, 4]
        from offsets in Gen.Long[1, 4L * 24 * 3600 * 1_000_000].Array[3]
        from quantity in Gen.Int[1, 1000]
        from lifetime in Gen.Long[1, 4L * 24 * 3600 * 1_000_000]
        from start in Gen.Long[0, 3L * 24 * 3600 * 1_000_000]
        select Build(prices, offsets, quantity, start, lifetime);

    private static (PlanHistory, int, DateTime, DateTime) Build(int[] prices, long[] offsets, int quantity, long start, long lifetime)
    {
        var versions = prices.Select((p, i) => BillingHarness.Version("X",
            i == 0 ? Origin : Origin.AddTicks(offsets[Math.Min(i - 1, offsets.Length - 1)] * 10 + i), "svc", null, p / 10_000m)).ToList();
        var begin = Origin.AddTicks(start * 10);
        return (new PlanHistory("X", versions.DistinctBy(v => v.BeginTime)), quantity, begin, begin.AddTicks(lifetime * 10));
    }

    private static PurchaseOrder Order(int quantity, DateTime begin) => new()
    {
        OrderId = "o", User = "u", ServiceId = "svc", PlanId = "X", Quantity = quantity,
        Type = OrderType.Postpay, BeginTime = begin, ChargedUntil = begin,
    };

    [Fact]
    public void Rows_tile_the_lifetime_with_no_gap_or_overlap_and_cut_only_at_hours() =>
        Scenario.Sample(s =>
        {
            var rows = PostpayCharges.ChargeThrough(Order(s.Quantity, s.Begin), s.Plan, s.End, closeOpenSegment: true);
            Assert.Equal(s.Begin, rows[0].BeginTime);
            Assert.Equal(s.End, rows[^1].EndTime);
            for (var i = 1; i < rows.Count; i++)
            {
                Assert.Equal(rows[i - 1].EndTime, rows[i].BeginTime);
                Assert.Equal(0, rows[i].BeginTime.Ticks % BillingTime.TicksPerHour);
            }
            Assert.All(rows, r => Assert.True(r.EndTime > r.BeginTime && r.EndTime - r.BeginTime <= TimeSpan.FromHours(1)));
        }, iter: 300);

    [Fact]
    public void Rows_sum_to_the_integral_of_the_price_within_rounding() =>
        Scenario.Sample(s =>
        {
            var rows = PostpayCharges.ChargeThrough(Order(s.Quantity, s.Begin), s.Plan, s.End, closeOpenSegment: true);
            var integral = 0m;
            var versions = s.Plan.Versions;
            for (var i = 0; i < versions.Count; i++)
            {
                var until = i + 1 < versions.Count ? versions[i + 1].BeginTime : DateTime.MaxValue;
                var overlap = BillingTime.Overlap(versions[i].BeginTime, until, s.Begin, s.End) / BillingTime.TicksPerMicrosecond;
                integral += s.Quantity * versions[i].Details.HourlyPrice!.Value * overlap / 3_600_000_000m;
            }
            Assert.InRange(rows.Sum(r => r.Payment) - integral, -0.00005m * rows.Count, 0.00005m * rows.Count);
        }, iter: 300);

    [Fact]
    public void Charging_in_many_small_runs_gives_the_ledger_of_one_run() =>
        Gen.Select(Scenario, Gen.Long[1, 4L * 24 * 3600 * 1_000_000].Array[1, 8]).Sample((s, stops) =>
        {
            var once = PostpayCharges.ChargeThrough(Order(s.Quantity, s.Begin), s.Plan, s.End, closeOpenSegment: true);
            var order = Order(s.Quantity, s.Begin);
            var pieces = stops.Select(t => s.Begin.AddTicks(t * 10)).Where(t => t < s.End).Order()
                .SelectMany(t => PostpayCharges.ChargeThrough(order, s.Plan, BillingTime.FloorHour(t), closeOpenSegment: false)).ToList();
            pieces.AddRange(PostpayCharges.ChargeThrough(order, s.Plan, s.End, closeOpenSegment: true));
            Assert.Equal(once.Select(r => (r.BeginTime, r.EndTime, r.Payment)), pieces.Select(r => (r.BeginTime, r.EndTime, r.Payment)));
        }, iter: 200);
}
