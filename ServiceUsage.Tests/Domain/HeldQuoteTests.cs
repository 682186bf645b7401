using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain;

/// <summary>BILLING.md "Held quotes": a prepay upgrade or cancel confirmed within 5 minutes of its quote, on an unchanged order, is priced at the quote's instant.</summary>
public abstract class HeldQuoteTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    private Task<OrderChange> UpgradeAtAsync(string now, PurchaseOrder order, string plan, int quantity, string? quoteTime, bool dryRun = false)
    {
        Billing.SetNow(Utc(now));
        var access = OrderAccess.Tenant(order.User) with { QuoteTime = quoteTime is null ? null : Utc(quoteTime) };
        return Billing.WithOrdersAsync(o => o.UpgradeAsync(order.OrderId, new UpgradeOrder(plan, quantity), access, dryRun));
    }

    [Fact]
    public async Task A_prepay_upgrade_confirmed_within_five_minutes_writes_exactly_the_quoted_rows()
    {
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 2);
        var quote = await UpgradeAtAsync("2026-04-10T13:37:00Z", order, "L", 1, quoteTime: null, dryRun: true);
        Assert.Equal(Utc("2026-04-10T13:37:00Z"), quote.PricedAt);

        var held = await UpgradeAtAsync("2026-04-10T13:42:00Z", order, "L", 1, quoteTime: "2026-04-10T13:37:00Z");

        Assert.Equal(quote.Charges.Select(Describe), held.Charges.Select(Describe));
        Assert.Equal(["upgrade-credit [2026-04-10T13:37:00, 2026-05-01T00:00:00) -40.8653", "upgrade-charge [2026-04-10T13:37:00, 2026-05-01T00:00:00) 61.2979"],
            (await LedgerAsync(order)).Skip(1));
        Assert.Equal(Utc("2026-04-10T13:42:00Z"), (await ReloadAsync(order)).UpdatedAt);
    }

    [Fact]
    public async Task A_quote_older_than_five_minutes_or_in_the_future_is_refused_and_changes_nothing()
    {
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 2);
        var future = await Assert.ThrowsAsync<BillingException>(() =>
            UpgradeAtAsync("2026-04-10T13:37:00Z", order, "L", 1, quoteTime: "2026-04-10T13:37:01Z"));
        Assert.Equal(BillingError.Invalid, future.Error);

        var stale = await Assert.ThrowsAsync<BillingException>(() =>
            UpgradeAtAsync("2026-04-10T13:42:00.000001Z", order, "L", 1, quoteTime: "2026-04-10T13:37:00Z"));
        Assert.Equal((BillingError.QuoteExpired, "quoteTime"), (stale.Error, stale.Field));
        Assert.Contains("quote again", stale.Message);
        Assert.Single(await LedgerAsync(order));
    }

    [Fact]
    public async Task A_quote_on_an_order_changed_since_is_refused()
    {
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 2);
        await UpgradeAtAsync("2026-04-10T13:38:00Z", order, "S", 3, quoteTime: null);

        var ex = await Assert.ThrowsAsync<BillingException>(() =>
            UpgradeAtAsync("2026-04-10T13:39:00Z", order, "L", 1, quoteTime: "2026-04-10T13:37:00Z"));
        Assert.Equal(BillingError.QuoteExpired, ex.Error);
        Assert.Equal(3, (await LedgerAsync(order)).Count);
    }

    [Fact]
    public async Task A_held_prorata_cancel_refunds_and_ends_at_the_quotes_instant()
    {
        Billing.Options.PrepayCancelRefund = RefundPolicy.Prorata;
        var order = await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 2, months: 3);
        Billing.SetNow(Utc("2026-03-01T10:04:00Z"));
        var access = OrderAccess.Tenant("alice") with { QuoteTime = Utc("2026-03-01T10:00:00Z") };
        var cancel = await Billing.WithOrdersAsync(o => o.CancelAsync(order.OrderId, access));

        Assert.Equal([-121.3483m], cancel.Charges.Select(c => c.Payment)); // worked example 5, at 10:00
        Assert.Equal(Utc("2026-03-01T10:00:00Z"), (await ReloadAsync(order)).EndTime);
    }

    [Fact]
    public async Task A_cancel_without_refund_says_what_unused_value_is_given_up()
    {
        var order = await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 2, months: 3);
        var cancel = await CancelAsync("2026-03-01T10:00:00Z", order);
        Assert.Empty(cancel.Charges);
        Assert.Equal(121.3483m, cancel.Forfeited);
    }

    [Fact]
    public async Task A_postpay_change_ignores_a_quote_time_and_applies_at_the_call()
    {
        var order = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "P", 1);
        var change = await UpgradeAtAsync("2026-03-02T10:30:00Z", order, "P", 2, quoteTime: "2026-03-02T10:27:00Z");
        Assert.Equal(Utc("2026-03-02T10:30:00Z"), change.PricedAt);
        Assert.Equal(["usage [2026-03-02T10:00:00, 2026-03-02T10:30:00) 0.6000"], change.Charges.Select(Describe));
    }
}

public sealed class SqliteHeldQuoteTests(SqliteDatabaseFixture f) : HeldQuoteTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbHeldQuoteTests(MariaDbDatabaseFixture f) : HeldQuoteTests(f), IClassFixture<MariaDbDatabaseFixture>;
