using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain;

/// <summary>BILLING.md "Prepay" and "Upgrade": calendar months, renewal, prorated upgrades, downgrade refusal, refunds.</summary>
public abstract class PrepayRulesTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    [Theory]
    [InlineData("2026-01-31T10:00:00Z", 1, "2026-02-28T10:00:00Z")]
    [InlineData("2028-01-31T10:00:00Z", 1, "2028-02-29T10:00:00Z")]
    [InlineData("2026-01-31T10:00:00Z", 3, "2026-04-30T10:00:00Z")]
    [InlineData("2026-03-31T23:59:59.5Z", 1, "2026-04-30T23:59:59.5Z")]
    public async Task Worked_example_1_months_are_calendar_months_clamped_to_the_last_day(string start, int months, string end)
    {
        var order = await BuyAsync(start, OrderType.Prepay, "S", 1, months);
        Assert.Equal(Utc(end), order.EndTime);
        Assert.Equal([$"purchase [{Utc(start):yyyy-MM-ddTHH:mm:ss}, {Utc(end):yyyy-MM-ddTHH:mm:ss}) {Money.Format(30m * months)}"], await LedgerAsync(order));
    }

    [Fact]
    public async Task Renewals_count_each_month_from_the_start_not_from_the_previous_month()
    {
        var order = await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 2, autoRenew: true);
        await BillAsync("2026-02-28T09:59:59Z");
        Assert.Single(await LedgerAsync(order));

        await BillAsync("2026-04-30T10:00:00Z"); // Feb 28 and Mar 31 and Apr 30 fell due: three renewals in one run

        Assert.Equal(
        [
            "purchase [2026-01-31T10:00:00, 2026-02-28T10:00:00) 60.0000",
            "renewal [2026-02-28T10:00:00, 2026-03-31T10:00:00) 60.0000",
            "renewal [2026-03-31T10:00:00, 2026-04-30T10:00:00) 60.0000",
            "renewal [2026-04-30T10:00:00, 2026-05-31T10:00:00) 60.0000",
        ], await LedgerAsync(order));
        Assert.Equal(OrderStatus.Active, (await ReloadAsync(order)).Status);
    }

    [Fact]
    public async Task Without_auto_renew_an_order_expires_exactly_at_its_end()
    {
        var order = await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 1);
        await BillAsync("2026-02-28T09:59:59.999999Z");
        Assert.Equal(OrderStatus.Active, (await ReloadAsync(order)).Status);

        await BillAsync("2026-02-28T10:00:00Z");
        var expired = await ReloadAsync(order);
        Assert.Equal(OrderStatus.Expired, expired.Status);
        Assert.Equal(Utc("2026-02-28T10:00:00Z"), expired.EndTime);
        Assert.Single(await LedgerAsync(order));
    }

    [Fact]
    public async Task Worked_example_4_upgrades_credit_what_was_paid_and_charge_todays_price()
    {
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 2);
        Assert.Equal("0.0833", await SpeedAsync("2026-04-05T00:00:00Z"));

        var first = await UpgradeAsync("2026-04-10T13:37:00Z", order, "L", 1);
        Assert.Equal([-40.8653m, 61.2979m], first.Charges.Select(c => c.Payment));
        Assert.Equal("0.1250", await SpeedAsync("2026-04-10T13:37:00Z"));

        var second = await UpgradeAsync("2026-04-20T00:03:00Z", order, "L", 2);
        Assert.Equal([-32.9937m, 65.9875m], second.Charges.Select(c => c.Payment));
        var current = await ReloadAsync(order);
        Assert.Equal(("L", 2), (current.PlanId, current.Quantity));
    }

    [Fact]
    public async Task An_upgrade_credit_names_the_plan_version_and_quantity_that_were_paid_for_and_the_charge_the_new_ones()
    {
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 2);
        var first = await UpgradeAsync("2026-04-10T13:37:00Z", order, "L", 1);
        var second = await UpgradeAsync("2026-04-20T00:03:00Z", order, "L", 2);

        static string Terms(UsageRecord r) =>
            $"{EnumNames.ToWire(r.Kind)} {r.OrderDetails.PlanId}@{r.OrderDetails.VersionBeginTime:yyyy-MM-dd} {r.OrderDetails.UnitPrice:0.00} x{r.OrderDetails.Quantity}";
        Assert.Equal(["upgrade-credit S@2026-01-01 30.00 x2", "upgrade-charge L@2026-01-01 90.00 x1"], first.Charges.Select(Terms));
        // The second upgrade credits what the first one charged for.
        Assert.Equal(["upgrade-credit L@2026-01-01 90.00 x1", "upgrade-charge L@2026-01-01 90.00 x2"], second.Charges.Select(Terms));
        await using var db = Billing.Database.NewContext();
        var stored = await db.UsageHistory.AsNoTracking().Where(u => u.OrderId == order.OrderId && u.Kind == ChargeKind.UpgradeCredit).ToListAsync();
        Assert.Equal(["upgrade-credit S@2026-01-01 30.00 x2", "upgrade-credit L@2026-01-01 90.00 x1"], stored.OrderBy(r => r.BeginTime).Select(Terms));
    }

    [Fact]
    public async Task A_prepay_downgrade_is_refused_and_changes_nothing()
    {
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "L", 1);
        var ex = await Assert.ThrowsAsync<BillingException>(() => UpgradeAsync("2026-04-10T00:00:00Z", order, "S", 1));

        Assert.Equal(BillingError.Downgrade, ex.Error);
        Assert.Contains("renewal", ex.Message);
        Assert.Single(await LedgerAsync(order));
        Assert.Equal(("L", 1), ((await ReloadAsync(order)).PlanId, (await ReloadAsync(order)).Quantity));
    }

    [Fact]
    public async Task A_quote_computes_the_same_charges_and_stores_nothing()
    {
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 2);
        var quote = await UpgradeAsync("2026-04-10T13:37:00Z", order, "L", 1, dryRun: true);

        Assert.False(quote.Stored);
        Assert.Equal([-40.8653m, 61.2979m], quote.Charges.Select(c => c.Payment));
        Assert.Single(await LedgerAsync(order));
        Assert.Equal("S", (await ReloadAsync(order)).PlanId);
    }

    [Fact]
    public async Task Worked_example_5_a_prorata_cancel_refunds_the_unused_value()
    {
        Billing.Options.PrepayCancelRefund = RefundPolicy.Prorata;
        var order = await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 2, months: 3);
        var cancel = await CancelAsync("2026-03-01T10:00:00Z", order);

        Assert.Equal([-121.3483m], cancel.Charges.Select(c => c.Payment));
        var all = await AmountAsync("2026-03-01T10:00:00Z", "2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
        Assert.Equal(58.6517m, all.Total);
        Assert.Equal("0.0000", await SpeedAsync("2026-03-15T00:00:00Z"));
    }

    [Fact]
    public async Task Worked_example_5_without_refund_the_paid_rate_runs_to_the_end_of_the_paid_period()
    {
        var order = await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 2, months: 3);
        var cancel = await CancelAsync("2026-03-01T10:00:00Z", order);

        Assert.Empty(cancel.Charges);
        Assert.Equal("0.0843", await SpeedAsync("2026-04-30T09:59:59Z"));
        Assert.Equal("0.0000", await SpeedAsync("2026-04-30T10:00:00Z"));
        Assert.Equal((OrderStatus.Cancelled, Utc("2026-03-01T10:00:00Z")), ((await ReloadAsync(order)).Status, (await ReloadAsync(order)).EndTime));
    }

    [Theory]
    [InlineData("S", 0, BillingError.Invalid)]
    [InlineData("S", 1001, BillingError.Invalid)]
    [InlineData("P", 1, BillingError.NotForSale)]
    [InlineData("nope", 1, BillingError.NotForSale)]
    public async Task A_bad_purchase_is_refused_with_its_reason_and_stores_nothing(string plan, int quantity, BillingError error)
    {
        var ex = await Assert.ThrowsAsync<BillingException>(() => BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, plan, quantity));
        Assert.Equal(error, ex.Error);
        await using var db = Billing.Database.NewContext();
        Assert.Empty(db.Orders);
    }

    [Fact]
    public async Task Upgrades_to_another_service_or_to_the_same_plan_and_quantity_are_refused()
    {
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 1);
        Assert.Equal(BillingError.OtherService, (await Assert.ThrowsAsync<BillingException>(() => UpgradeAsync("2026-04-02T00:00:00Z", order, "V", 1))).Error);
        Assert.Equal(BillingError.NothingToChange, (await Assert.ThrowsAsync<BillingException>(() => UpgradeAsync("2026-04-02T00:00:00Z", order, "S", 1))).Error);
        await CancelAsync("2026-04-03T00:00:00Z", order);
        Assert.Equal(BillingError.NotActive, (await Assert.ThrowsAsync<BillingException>(() => UpgradeAsync("2026-04-04T00:00:00Z", order, "L", 1))).Error);
    }
}

public sealed class SqlitePrepayRulesTests(SqliteDatabaseFixture f) : PrepayRulesTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbPrepayRulesTests(MariaDbDatabaseFixture f) : PrepayRulesTests(f), IClassFixture<MariaDbDatabaseFixture>;
