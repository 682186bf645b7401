using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Budgets;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Tests.Domain;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Budgets;

/// <summary>BILLING.md "Budgets and forecast" on a database: worked example 6, and forecasts checked against what the jobs then charge.</summary>
public abstract class ForecastTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    private static readonly StatementMonth March = StatementCalendar.Utc.Month(2026, 3);
    private static readonly StatementMonth April = StatementCalendar.Utc.Month(2026, 4);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Worked_example_6_forecast_instants_and_thresholds_whether_or_not_the_job_has_charged(bool billedFirst)
    {
        await Billing.AddPlanHistoryAsync(BillingHarness.Version("P", Utc("2026-03-20T00:00:00Z"), "mysql", null, 1.5m));
        await BuyAsync("2026-03-01T00:00:00Z", OrderType.Postpay, "P", 2);
        await Billing.WithBudgetsAsync((_, budgets) => budgets.SetAsync("alice", 1000m, null, "alice"));
        if (billedFirst) await BillAsync("2026-03-10T00:00:00Z");
        Billing.SetNow(Utc("2026-03-10T00:00:00Z"));

        var f = await Billing.WithBudgetsAsync((q, _) => q.GetAsync("alice", March));

        Assert.Equal(("518.4000", "1958.4000", "1000.0000"), (Money.Format(f.SpendToDate), Money.Format(f.Forecast), Money.Format(f.Budget!.Value)));
        Assert.Equal(Utc("2026-03-18T08:40:00Z"), f.ReachesBudgetAt);
        Assert.Equal(
            [(50, "500.0000", Utc("2026-03-09T16:20:00Z"), (DateTime?)null), (80, "800.0000", null, Utc("2026-03-14T21:20:00Z")), (100, "1000.0000", null, Utc("2026-03-18T08:40:00Z"))],
            f.Thresholds.Select(t => (t.Percent, Money.Format(t.Amount), t.CrossedAt, t.ForecastAt)).ToList());
        Assert.Equal([new PriceChange("P", Utc("2026-03-20T00:00:00Z"))], f.PriceChanges);
    }

    [Fact]
    public async Task The_curve_rises_with_the_price_and_ends_at_the_forecast()
    {
        await Billing.AddPlanHistoryAsync(BillingHarness.Version("P", Utc("2026-03-20T00:00:00Z"), "mysql", null, 1.5m));
        await BuyAsync("2026-03-01T00:00:00Z", OrderType.Postpay, "P", 2);
        await BillAsync("2026-03-10T00:00:00Z");

        var f = await Billing.WithBudgetsAsync((q, _) => q.GetAsync("alice", March, withCurve: true));

        var at = f.Curve.ToDictionary(p => (p.Time, p.Forecast), p => Money.Format(p.Amount));
        Assert.Equal("57.6000", at[(Utc("2026-03-02T00:00:00Z"), false)]);
        Assert.Equal("518.4000", at[(Utc("2026-03-10T00:00:00Z"), false)]);
        Assert.Equal("1094.4000", at[(Utc("2026-03-20T00:00:00Z"), true)]);
        Assert.Equal("1166.4000", at[(Utc("2026-03-21T00:00:00Z"), true)]);
        Assert.Equal(f.Forecast, f.Curve[^1].Amount);
        Assert.Equal(March.End, f.Curve[^1].Time);
    }

    [Fact]
    public async Task Once_the_month_has_passed_the_forecast_is_the_months_total()
    {
        await BuyAsync("2026-03-01T10:17:23Z", OrderType.Postpay, "Q", 3);
        await BuyAsync("2026-03-05T00:00:00Z", OrderType.Prepay, "S", 2, months: 1, autoRenew: true);
        await BillAsync("2026-04-03T00:00:00Z");

        var f = await Billing.WithBudgetsAsync((q, _) => q.GetAsync("alice", March));
        var total = await AmountAsync("2026-04-03T00:00:00Z", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");

        Assert.Equal(total.Total, f.Forecast);
        Assert.Equal(total.Total, f.SpendToDate);
    }

    [Fact]
    public async Task Auto_renewing_orders_renew_at_the_version_in_effect_then_and_others_stop_at_their_end()
    {
        await Billing.AddPlanHistoryAsync(BillingHarness.Version("S", Utc("2026-04-10T00:00:00Z"), "mysql", 45m, null));
        var renewing = await BuyAsync("2026-03-15T00:00:00Z", OrderType.Prepay, "S", 1, months: 1, autoRenew: true);
        await BuyAsync("2026-03-20T00:00:00Z", OrderType.Prepay, "L", 1, months: 1, autoRenew: false);
        Billing.SetNow(Utc("2026-04-02T00:00:00Z"));

        var f = await Billing.WithBudgetsAsync((q, _) => q.GetAsync("alice", April));

        // S: 30 over [Mar 15, Apr 15) then 45 over [Apr 15, May 15); L: 90 over [Mar 20, Apr 20), nothing after.
        var expected = 30m * 14 / 31 + 45m * 16 / 30 + 90m * 19 / 31;
        Assert.Equal(Money.Format(expected), Money.Format(f.Forecast));
        Assert.Contains(new PriceChange("S", Utc("2026-04-10T00:00:00Z")), f.PriceChanges);

        await BillAsync("2026-05-01T00:00:00Z");
        var total = await AmountAsync("2026-05-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z");
        Assert.Equal(total.Total, f.Forecast);
        Assert.Contains("renewal [2026-04-15T00:00:00, 2026-05-15T00:00:00) 45.0000", await LedgerAsync(renewing));
    }

    [Fact]
    public async Task A_cancel_without_refund_keeps_its_paid_rate_and_a_prorata_refund_stops_it()
    {
        var kept = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 2, months: 1);
        var refunded = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 2, months: 1, user: "bob");
        await CancelAsync("2026-04-05T00:00:00Z", kept);
        Billing.Options.PrepayCancelRefund = RefundPolicy.Prorata;
        await CancelAsync("2026-04-16T00:00:00Z", refunded);
        Billing.SetNow(Utc("2026-04-20T00:00:00Z"));

        var none = await Billing.WithBudgetsAsync((q, _) => q.GetAsync("alice", April));
        var prorata = await Billing.WithBudgetsAsync((q, _) => q.GetAsync("bob", April));

        Assert.Equal("60.0000", Money.Format(none.Forecast));
        Assert.Equal("30.0000", Money.Format(prorata.Forecast));
    }

    [Fact]
    public async Task A_tenant_without_budget_gets_the_forecast_and_no_thresholds()
    {
        await BuyAsync("2026-03-01T00:00:00Z", OrderType.Postpay, "P", 1);
        Billing.SetNow(Utc("2026-03-31T12:00:00Z"));
        var f = await Billing.WithBudgetsAsync((q, _) => q.GetAsync("alice", March));
        Assert.Equal(("892.8000", (decimal?)null, (DateTime?)null, 0), (Money.Format(f.Forecast), f.Budget, f.ReachesBudgetAt, f.Thresholds.Count));
    }

    [Fact]
    public async Task A_month_not_begun_yet_is_forecast_from_its_first_instant()
    {
        await BuyAsync("2026-03-01T00:00:00Z", OrderType.Postpay, "P", 1);
        Billing.SetNow(Utc("2026-03-10T00:00:00Z"));
        var f = await Billing.WithBudgetsAsync((q, _) => q.GetAsync("alice", April));
        Assert.Equal(("0.0000", "864.0000"), (Money.Format(f.SpendToDate), Money.Format(f.Forecast)));
    }

    [Fact]
    public async Task A_month_years_ahead_counts_only_the_renewals_inside_it_and_reads_instants_only_when_crossed()
    {
        await BuyAsync("2026-03-15T00:00:00Z", OrderType.Prepay, "S", 1, months: 1, autoRenew: true);
        await Billing.WithBudgetsAsync((_, b) => b.SetAsync("alice", 10m, [150], "alice"));
        Billing.SetNow(Utc("2026-03-20T00:00:00Z"));

        var june2030 = await Billing.WithBudgetsAsync((q, _) => q.GetAsync("alice", StatementCalendar.Utc.Month(2030, 6)));
        var march = await Billing.WithBudgetsAsync((q, _) => q.GetAsync("alice", March));

        // [May 15, Jun 15) and [Jun 15, Jul 15), 30 each: 14 of 31 days and 16 of 30 in June.
        Assert.Equal(Money.Format(30m * 14 / 31 + 16m), Money.Format(june2030.Forecast));
        // Spend to date (30 × 5 / 31 = 4.8387) is under 10: the budget is reached after 248 h of 744, 150 % after 372 h.
        Assert.Equal(Utc("2026-03-25T08:00:00Z"), march.ReachesBudgetAt);
        Assert.Equal(Utc("2026-03-30T12:00:00Z"), march.Thresholds[0].ForecastAt);
    }

    [Fact]
    public async Task Budgets_are_checked_replaced_and_removed()
    {
        var (created, isNew) = await Billing.WithBudgetsAsync((_, b) => b.SetAsync("alice", 12.5m, [100, 50], "admin"));
        Assert.True(isNew);
        Assert.Equal([50, 100], created.Thresholds);
        var (replaced, again) = await Billing.WithBudgetsAsync((_, b) => b.SetAsync("alice", 20m, null, "alice"));
        Assert.False(again);
        Assert.Equal((20m, "50,80,100", "alice"), (replaced.Amount, string.Join(",", replaced.Thresholds), replaced.UpdatedBy));
        Assert.Null(await Billing.WithBudgetsAsync((_, b) => b.GetAsync("Alice")));

        foreach (var (amount, thresholds, field) in new (decimal, int[]?, string)[]
                 { (0m, null, "amount"), (-1m, null, "amount"), (1.00001m, null, "amount"), (1e13m, null, "amount"),
                   (10m, [0], "thresholds"), (10m, [1001], "thresholds"), (10m, [50, 50], "thresholds"), (10m, Enumerable.Range(1, 11).ToArray(), "thresholds") })
        {
            var refused = await Assert.ThrowsAsync<BillingException>(() => Billing.WithBudgetsAsync((_, b) => b.SetAsync("alice", amount, thresholds, "alice")));
            Assert.Equal((BillingError.Invalid, field), (refused.Error, refused.Field));
        }
        Assert.Equal(20m, (await Billing.WithBudgetsAsync((_, b) => b.GetAsync("alice")))!.Amount);
        Assert.True(await Billing.WithBudgetsAsync((_, b) => b.DeleteAsync("alice")));
        Assert.False(await Billing.WithBudgetsAsync((_, b) => b.DeleteAsync("alice")));
    }
}

public sealed class SqliteForecastTests(SqliteDatabaseFixture f) : ForecastTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbForecastTests(MariaDbDatabaseFixture f) : ForecastTests(f), IClassFixture<MariaDbDatabaseFixture>;
