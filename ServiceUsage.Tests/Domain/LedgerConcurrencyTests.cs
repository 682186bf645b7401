using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain;

/// <summary>Faults and races: one change wins, the other is told, and the ledger never charges twice.</summary>
public abstract class LedgerConcurrencyTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    [Fact]
    public async Task Two_concurrent_upgrades_of_one_order_one_wins_the_other_gets_a_conflict()
    {
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 1);
        Billing.SetNow(Utc("2026-04-10T00:00:00Z"));
        await using var db1 = Billing.Database.NewContext();
        await using var db2 = Billing.Database.NewContext();
        var s1 = new OrderService(db1, Billing.Clock, Microsoft.Extensions.Options.Options.Create(Billing.Options));
        var s2 = new OrderService(db2, Billing.Clock, Microsoft.Extensions.Options.Options.Create(Billing.Options));

        var results = await Task.WhenAll(
            Capture(() => s1.UpgradeAsync(order.OrderId, new UpgradeOrder("L", 1), OrderAccess.Admin)),
            Capture(() => s2.UpgradeAsync(order.OrderId, new UpgradeOrder("S", 3), OrderAccess.Admin)));

        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r == BillingError.Conflict);
        Assert.Equal(3, (await LedgerAsync(order)).Count); // the purchase plus one credit/charge pair
    }

    [Fact]
    public async Task Two_billing_runs_started_together_charge_every_segment_exactly_once()
    {
        Billing.Options.BatchSize = 3;
        Billing.Options.Writers = 3; // on MariaDB: six writers in all, sharing the due orders through SKIP LOCKED
        var orders = new List<PurchaseOrder>();
        for (var i = 0; i < 7; i++) orders.Add(await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "P", 1, user: $"u{i}"));

        Billing.SetNow(Utc("2026-03-03T10:00:00Z"));
        await Task.WhenAll(Billing.BillAsync(), Billing.BillAsync());

        foreach (var order in orders)
        {
            var ledger = await LedgerAsync(order);
            Assert.Equal(24, ledger.Count);
            Assert.Equal(24, ledger.Distinct().Count());
        }
    }

    [Fact]
    public async Task The_database_refuses_a_second_row_for_the_same_order_kind_and_begin()
    {
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 1);
        await using var db = Billing.Database.NewContext();
        var first = await db.UsageHistory.AsNoTracking().SingleAsync(u => u.OrderId == order.OrderId);
        db.UsageHistory.Add(new UsageRecord
        {
            OrderId = first.OrderId, User = first.User, Kind = first.Kind, BeginTime = first.BeginTime,
            EndTime = first.EndTime, Payment = first.Payment, OrderDetails = first.OrderDetails,
        });

        var ex = await Assert.ThrowsAsync<BillingException>(() => db.SaveChangesOrConflictAsync(CancellationToken.None));
        Assert.Equal(BillingError.Conflict, ex.Error);
        Assert.Single(await LedgerAsync(order));
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_conflict_and_changes_nothing()
    {
        var order = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "P", 1);
        Billing.SetNow(Utc("2026-03-02T11:30:00Z"));
        var ex = await Assert.ThrowsAsync<BillingException>(() => Billing.WithOrdersAsync(o =>
            o.CancelAsync(order.OrderId, new OrderAccess(order.User, order.RowVersion + 1))));

        Assert.Equal(BillingError.Conflict, ex.Error);
        Assert.Equal(OrderStatus.Active, (await ReloadAsync(order)).Status);
        Assert.Empty(await LedgerAsync(order));
    }

    [Fact]
    public async Task A_tenant_cannot_see_or_change_another_tenants_order()
    {
        var order = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "P", 1, user: "alice");
        Billing.SetNow(Utc("2026-03-02T11:00:00Z"));
        var ex = await Assert.ThrowsAsync<BillingException>(() => Billing.WithOrdersAsync(o => o.CancelAsync(order.OrderId, OrderAccess.Tenant("bob"))));

        Assert.Equal(BillingError.NotFound, ex.Error);
        Assert.Equal(OrderStatus.Active, (await ReloadAsync(order)).Status);
    }

    [Fact]
    public async Task A_cancel_without_expected_version_that_a_billing_batch_overtakes_is_made_again_and_succeeds()
    {
        var order = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "P", 2);
        await BillAsync("2026-03-02T12:00:00Z");
        Billing.SetNow(Utc("2026-03-02T14:30:00Z"));

        var cancelled = await CancelWhileBillingCommitsAsync(order, new OrderAccess(order.User));

        Assert.Equal(OrderStatus.Cancelled, cancelled.Order.Status);
        Assert.Equal(["usage [2026-03-02T14:00:00, 2026-03-02T14:30:00) 1.2000"], cancelled.Charges.Select(Describe));
        Assert.Equal(
            Enumerable.Range(0, 4).Select(h => $"usage [2026-03-02T{10 + h}:00:00, 2026-03-02T{11 + h}:00:00) 2.4000")
                .Append("usage [2026-03-02T14:00:00, 2026-03-02T14:30:00) 1.2000"),
            await LedgerAsync(order));
    }

    [Fact]
    public async Task A_change_with_an_expected_version_that_a_billing_batch_overtakes_is_a_conflict_and_changes_nothing()
    {
        var order = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "P", 2);
        Billing.SetNow(Utc("2026-03-02T14:30:00Z"));

        var ex = await Assert.ThrowsAsync<BillingException>(() => CancelWhileBillingCommitsAsync(order, new OrderAccess(order.User, order.RowVersion)));

        Assert.Equal(BillingError.Conflict, ex.Error);
        Assert.Equal(OrderStatus.Active, (await ReloadAsync(order)).Status);
        Assert.Equal(4, (await LedgerAsync(order)).Count); // the batch's rows only
    }

    /// <summary>Cancels, letting a billing pass commit just before the cancel saves (the race the platform saw in production).</summary>
    private async Task<OrderChange> CancelWhileBillingCommitsAsync(PurchaseOrder order, OrderAccess access)
    {
        var options = new DbContextOptionsBuilder<ServiceUsageDbContext>(Billing.Database.Options)
            .AddInterceptors(new BeforeFirstSave(() => Billing.BillAsync())).Options;
        await using var db = new ServiceUsageDbContext(options);
        return await new OrderService(db, Billing.Clock, Microsoft.Extensions.Options.Options.Create(Billing.Options)).CancelAsync(order.OrderId, access);
    }

    private sealed class BeforeFirstSave(Func<Task> action) : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        private bool _done;

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
            CancellationToken ct = default)
        {
            if (!_done)
            {
                _done = true;
                await action();
            }
            return result;
        }
    }

    private static async Task<BillingError?> Capture(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (BillingException ex)
        {
            return ex.Error;
        }
    }
}

public sealed class SqliteLedgerConcurrencyTests(SqliteDatabaseFixture f) : LedgerConcurrencyTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbLedgerConcurrencyTests(MariaDbDatabaseFixture f) : LedgerConcurrencyTests(f), IClassFixture<MariaDbDatabaseFixture>;
