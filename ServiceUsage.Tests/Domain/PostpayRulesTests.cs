using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain;

/// <summary>BILLING.md "Postpay": segments cut at whole UTC hours, one division per row, catch-up, cancel.</summary>
public abstract class PostpayRulesTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    [Fact]
    public async Task Worked_example_2_charges_a_partial_first_hour_whole_hours_and_the_open_hour_at_cancel()
    {
        var order = await BuyAsync("2026-03-02T10:17:23Z", OrderType.Postpay, "P", 2);
        await BillAsync("2026-03-02T12:30:00Z");
        await CancelAsync("2026-03-02T13:05:00Z", order);
        await BillAsync("2026-03-02T18:00:00Z");

        Assert.Equal(
        [
            "usage [2026-03-02T10:17:23, 2026-03-02T11:00:00) 1.7047",
            "usage [2026-03-02T11:00:00, 2026-03-02T12:00:00) 2.4000",
            "usage [2026-03-02T12:00:00, 2026-03-02T13:00:00) 2.4000",
            "usage [2026-03-02T13:00:00, 2026-03-02T13:05:00) 0.2000",
        ], await LedgerAsync(order));
        var cancelled = await ReloadAsync(order);
        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Equal(Utc("2026-03-02T13:05:00Z"), cancelled.EndTime);
    }

    [Fact]
    public async Task Worked_example_3_a_price_change_inside_an_hour_splits_the_price_not_the_row()
    {
        var order = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "Q", 3);
        await BillAsync("2026-03-02T13:00:00Z");

        Assert.Equal(
        [
            "usage [2026-03-02T10:00:00, 2026-03-02T11:00:00) 3.0000",
            "usage [2026-03-02T11:00:00, 2026-03-02T12:00:00) 2.5500",
            "usage [2026-03-02T12:00:00, 2026-03-02T13:00:00) 2.1000",
        ], await LedgerAsync(order));
        Assert.Equal("3.0000", await SpeedAsync("2026-03-02T11:29:59Z"));
        Assert.Equal("2.1000", await SpeedAsync("2026-03-02T11:30:00Z"));
    }

    [Fact]
    public async Task The_job_charges_only_segments_that_have_ended()
    {
        var order = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "P", 1);
        await BillAsync("2026-03-02T10:59:59.999999Z");
        Assert.Empty(await LedgerAsync(order));

        await BillAsync("2026-03-02T11:00:00Z");
        Assert.Equal(["usage [2026-03-02T10:00:00, 2026-03-02T11:00:00) 1.2000"], await LedgerAsync(order));
    }

    [Fact]
    public async Task One_run_after_a_three_day_outage_catches_up_every_hour_oldest_first()
    {
        var order = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "P", 1);
        var result = await BillAsync("2026-03-05T10:00:00Z");

        var ledger = await LedgerAsync(order);
        Assert.Equal(72, ledger.Count);
        Assert.Equal(72, result.RowsCharged);
        Assert.Equal(72 * 1.2m, result.MoneyCharged);
        Assert.StartsWith("usage [2026-03-02T10:00:00", ledger[0]);
        Assert.StartsWith("usage [2026-03-05T09:00:00", ledger[^1]);
        Assert.Equal(0, (await BillAsync("2026-03-05T10:30:00Z")).RowsCharged);
    }

    [Fact]
    public async Task A_cancel_exactly_on_the_hour_writes_no_empty_row()
    {
        var order = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "P", 1);
        var change = await CancelAsync("2026-03-02T12:00:00Z", order);

        Assert.Equal(2, change.Charges.Count);
        Assert.All(await LedgerAsync(order), row => Assert.EndsWith("1.2000", row));
        Assert.Equal(0, (await BillAsync("2026-03-03T00:00:00Z")).RowsCharged);
    }

    [Fact]
    public async Task An_upgrade_charges_up_to_the_instant_then_goes_on_with_the_new_plan()
    {
        var order = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "P", 1);
        await UpgradeAsync("2026-03-02T10:30:00Z", order, "Q", 2);
        await BillAsync("2026-03-02T12:00:00Z");

        Assert.Equal(
        [
            "usage [2026-03-02T10:00:00, 2026-03-02T10:30:00) 0.6000",
            "usage [2026-03-02T10:30:00, 2026-03-02T11:00:00) 1.0000",
            "usage [2026-03-02T11:00:00, 2026-03-02T12:00:00) 1.7000",
        ], await LedgerAsync(order));
    }

    [Fact]
    public async Task Accrued_covers_the_uncharged_part_so_total_does_not_depend_on_when_the_job_ran()
    {
        await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "Q", 3);
        var before = await AmountAsync("2026-03-02T13:00:00Z", "2026-03-02T10:00:00Z", "2026-03-02T13:00:00Z");
        await BillAsync("2026-03-02T13:00:00Z");
        var after = await AmountAsync("2026-03-02T13:00:00Z", "2026-03-02T10:00:00Z", "2026-03-02T13:00:00Z");

        Assert.Equal((0m, 7.65m, 7.65m), (before.Amount, before.Accrued, before.Total));
        Assert.Equal((7.65m, 0m, 7.65m), (after.Amount, after.Accrued, after.Total));
    }
}

public sealed class SqlitePostpayRulesTests(SqliteDatabaseFixture f) : PostpayRulesTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbPostpayRulesTests(MariaDbDatabaseFixture f) : PostpayRulesTests(f), IClassFixture<MariaDbDatabaseFixture>;
