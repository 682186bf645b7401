using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Tests.Domain;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Events;

/// <summary>
/// Every change of an order or of money records exactly one event of its type in its own transaction, carrying the
/// order (or statement) as the API shows it; refused and dry-run calls record none (BILLING.md "Events").
/// </summary>
public abstract class OrderEventTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    [Fact]
    public async Task Buying_upgrading_and_cancelling_each_record_one_event_with_the_order_as_the_api_shows_it()
    {
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Prepay, "S", 2);
        await AssertEventsAsync((EventTypes.OrderCreated, order.OrderId));
        await AssertDataIsStoredOrderAsync(EventTypes.OrderCreated, order.OrderId);

        await UpgradeAsync("2026-04-10T13:37:00Z", order, "L", 1);
        await UpgradeAsync("2026-04-20T00:03:00Z", order, "L", 2);
        var upgrades = await EventsAsync(EventTypes.OrderUpgraded);
        Assert.Equal(2, upgrades.Select(e => e.Id).Distinct().Count());
        Assert.Equal([1, 2], upgrades.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("quantity").GetInt32()));
        Assert.Equal(Utc("2026-04-20T00:03:00Z"), upgrades[1].Time);

        await CancelAsync("2026-04-25T00:00:00Z", order);
        await AssertEventsAsync((EventTypes.OrderCreated, order.OrderId), (EventTypes.OrderUpgraded, order.OrderId),
            (EventTypes.OrderUpgraded, order.OrderId), (EventTypes.OrderCancelled, order.OrderId));
        await AssertDataIsStoredOrderAsync(EventTypes.OrderCancelled, order.OrderId);
        var cancelled = (await EventsAsync(EventTypes.OrderCancelled)).Single();
        Assert.Equal(("alice", Utc("2026-04-25T00:00:00Z")), (cancelled.User, cancelled.Time));
        Assert.Contains("\"status\":\"cancelled\"", cancelled.Data);
    }

    [Fact]
    public async Task Dry_runs_and_refused_calls_record_no_event()
    {
        Billing.SetNow(Utc("2026-04-01T00:00:00Z"));
        await Billing.WithOrdersAsync(o => o.CreateAsync(new CreateOrder("alice", OrderType.Prepay, "S", 1, 1, false), dryRun: true));
        var order = await BuyAsync("2026-04-01T00:00:00Z", OrderType.Postpay, "P", 1);
        var before = await CountAsync();

        await UpgradeAsync("2026-04-01T02:00:00Z", order, "Q", 3, dryRun: true);
        Billing.SetNow(Utc("2026-04-01T02:00:00Z"));
        await Billing.WithOrdersAsync(o => o.CancelAsync(order.OrderId, OrderAccess.Tenant("alice"), dryRun: true));
        await Assert.ThrowsAsync<BillingException>(() => UpgradeAsync("2026-04-01T02:00:00Z", order, "P", 1)); // nothing to change
        await Assert.ThrowsAsync<BillingException>(() => UpgradeAsync("2026-04-01T02:00:00Z", order, "V", 1)); // another service
        await Assert.ThrowsAsync<BillingException>(() => Billing.WithOrdersAsync(o =>
            o.CancelAsync(order.OrderId, OrderAccess.Tenant("bob")))); // not bob's
        await Assert.ThrowsAsync<BillingException>(() => Billing.WithOrdersAsync(o =>
            o.CreateAsync(new CreateOrder("alice", OrderType.Prepay, "P", 1, 1, false)))); // P is not sold prepaid

        Assert.Equal(1, before);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task The_lifecycle_job_records_a_renewal_per_order_it_renews_and_an_expiry_per_order_it_expires_and_postpay_hours_none()
    {
        var renewing = await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 2, autoRenew: true);
        var expiring = await BuyAsync("2026-02-01T00:00:00Z", OrderType.Prepay, "L", 1, user: "bob");
        await BuyAsync("2026-02-01T00:00:00Z", OrderType.Postpay, "P", 1, user: "carol");
        var created = await CountAsync();

        await BillAsync("2026-03-01T00:00:00Z");
        await AssertDataIsStoredOrderAsync(EventTypes.OrderRenewed, renewing.OrderId);
        await AssertDataIsStoredOrderAsync(EventTypes.OrderExpired, expiring.OrderId);
        Assert.Equal(created + 2, await CountAsync());
        Assert.Contains("\"endTime\":\"2026-03-31T10:00:00Z\"", (await EventsAsync(EventTypes.OrderRenewed)).Single().Data);

        await BillAsync("2026-03-01T00:00:00Z"); // nothing more is due: nothing more is recorded
        Assert.Equal(created + 2, await CountAsync());
        await BillAsync("2026-04-01T00:00:00Z");
        var renewals = await EventsAsync(EventTypes.OrderRenewed);
        Assert.Equal(2, renewals.Count);
        Assert.Contains("\"endTime\":\"2026-04-30T10:00:00Z\"", renewals[1].Data);
        Assert.Single(await EventsAsync(EventTypes.OrderExpired));
    }

    [Fact]
    public async Task Renewals_caught_up_over_several_commits_record_one_event_per_commit_each_with_the_order_as_committed()
    {
        var order = await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 2, autoRenew: true);
        Billing.Options.MaxRowsPerTransaction = 1;
        await BillAsync("2026-05-01T00:00:00Z"); // Feb 28, Mar 31, Apr 30: three renewals, one row per commit

        var renewals = await EventsAsync(EventTypes.OrderRenewed);
        Assert.Equal(["2026-03-31T10:00:00Z", "2026-04-30T10:00:00Z", "2026-05-31T10:00:00Z"],
            renewals.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("endTime").GetString()));
        Assert.All(renewals, e => Assert.Equal(order.OrderId, JsonDocument.Parse(e.Data).RootElement.GetProperty("orderId").GetString()));
    }

    [Fact]
    public async Task Closing_statements_records_one_statement_closed_event_per_statement_with_the_statement_as_the_api_shows_it()
    {
        await BuyAsync("2026-01-15T00:00:00Z", OrderType.Prepay, "L", 1, user: "bob");
        await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 2, months: 3);
        Billing.SetNow(Utc("2026-03-01T06:00:00Z"));
        await Billing.BillAsync();
        var result = await Billing.CloseStatementsAsync();

        var closed = await EventsAsync(EventTypes.StatementClosed);
        Assert.Equal(result.StatementsClosed, closed.Count);
        Assert.True(closed.Count >= 3, $"{closed.Count} statements");
        await using var db = Billing.Database.NewContext();
        foreach (var e in closed)
        {
            var number = JsonDocument.Parse(e.Data).RootElement.GetProperty("number").GetString()!;
            var statement = await db.Statements.AsNoTracking().Include(s => s.Lines).SingleAsync(s => s.Number == number);
            Assert.Equal(JsonSerializer.Serialize(StatementResponse.From(statement), WireJson.Options), e.Data);
            Assert.Equal((statement.User, statement.ClosedAt), (e.User, (DateTime?)e.Time));
        }
        Assert.Equal(closed.Count, (await Billing.CloseStatementsAsync()).StatementsClosed + closed.Count); // a second run closes nothing
        Assert.Equal(closed.Count, (await EventsAsync(EventTypes.StatementClosed)).Count);
    }

    [Fact]
    public async Task A_ledger_repair_that_only_fills_holes_records_no_order_event()
    {
        var order = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "P", 1);
        await BillAsync("2026-03-02T20:00:00Z");
        await using (var db = Billing.Database.NewContext())
            await db.UsageHistory.Where(u => u.OrderId == order.OrderId && u.BeginTime == Utc("2026-03-02T13:00:00Z")).ExecuteDeleteAsync();
        var before = await CountAsync();

        Billing.SetNow(Utc("2026-03-02T20:00:00Z"));
        var report = await Billing.Repair().RerunFromAsync(Utc("2026-03-02T10:00:00Z"));

        Assert.Equal(1, report.RowsAdded);
        Assert.Equal(before, await CountAsync());
    }

    protected async Task<int> CountAsync()
    {
        await using var db = Billing.Database.NewContext();
        return await db.Events.CountAsync();
    }

    protected async Task<List<EventRecord>> EventsAsync(string type)
    {
        await using var db = Billing.Database.NewContext();
        return await db.Events.AsNoTracking().Where(e => e.Type == type).OrderBy(e => e.Key).ToListAsync();
    }

    private async Task AssertEventsAsync(params (string Type, string OrderId)[] expected)
    {
        await using var db = Billing.Database.NewContext();
        var events = await db.Events.AsNoTracking().OrderBy(e => e.Key).ToListAsync();
        Assert.Equal(expected, events.Select(e => (e.Type, JsonDocument.Parse(e.Data).RootElement.GetProperty("orderId").GetString()!)));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    /// <summary>The latest event of the type about the order carries the order exactly as the API would show it now.</summary>
    protected async Task AssertDataIsStoredOrderAsync(string type, string orderId)
    {
        await using var db = Billing.Database.NewContext();
        var stored = await db.Orders.AsNoTracking().SingleAsync(o => o.OrderId == orderId);
        var recorded = (await EventsAsync(type)).Last(e => e.Data.Contains(orderId, StringComparison.Ordinal));
        Assert.Equal(JsonSerializer.Serialize(OrderResponse.From(stored), WireJson.Options), recorded.Data);
        Assert.Equal((stored.User, stored.UpdatedAt), (recorded.User, recorded.Time));
    }
}

public sealed class SqliteOrderEventTests(SqliteDatabaseFixture f) : OrderEventTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbOrderEventTests(MariaDbDatabaseFixture f) : OrderEventTests(f), IClassFixture<MariaDbDatabaseFixture>;
