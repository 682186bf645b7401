using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Events;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain;

/// <summary>The demo a newcomer sees after `dotnet run`: made by the engine itself, so it obeys the ledger's rules.</summary>
public sealed class DemoDataTests
{
    [Fact]
    public async Task The_demo_holds_plans_orders_and_weeks_of_charges_for_alice_and_bob_and_seeds_once()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 34, 0, TimeSpan.Zero));
        var factory = new Factory(database);

        Assert.True(await DemoData.SeedAsync(factory, clock, new BillingOptions()));
        Assert.False(await DemoData.SeedAsync(factory, clock, new BillingOptions()));

        await using var db = database.NewContext();
        var plans = await db.PlanVersions.ToListAsync();
        Assert.Equal(3, plans.Select(p => p.ServiceId).Distinct().Count());
        Assert.Contains(plans, v => v.BeginTime > clock.GetUtcNow().UtcDateTime);
        var orders = await db.Orders.ToListAsync();
        Assert.Equal(["alice", "bob"], orders.Select(o => o.User).Distinct().Order());
        Assert.Contains(orders, o => o.Type == OrderType.Prepay);
        Assert.Contains(orders, o => o.Type == OrderType.Postpay && o.Status == OrderStatus.Cancelled);

        var rows = await db.UsageHistory.ToListAsync();
        Assert.True(rows.Count > 24 * 7 * 2, $"only {rows.Count} rows");
        foreach (var order in orders.Where(o => o.Type == OrderType.Postpay))
        {
            var usage = rows.Where(r => r.OrderId == order.OrderId).OrderBy(r => r.BeginTime).ToList();
            Assert.Equal(order.BeginTime, usage[0].BeginTime);
            Assert.Equal(order.ChargedUntil, usage[^1].EndTime);
            Assert.All(usage.Zip(usage.Skip(1)), p => Assert.Equal(p.First.EndTime, p.Second.BeginTime));
        }

        // At least two closed statements each, one with an adjustments section; every row on one statement at most.
        var statements = await db.Statements.Include(s => s.Lines).ToListAsync();
        Assert.All(DemoData.Tenants, t => Assert.True(statements.Count(s => s.User == t) >= 2, $"{t}: {statements.Count(s => s.User == t)} statements"));
        Assert.Contains(statements, s => s.User == "bob" && s.Lines.Any(l => l.Section == ServiceUsage.Domain.Statements.StatementSection.Adjustment));
        await ServiceUsage.Tests.Statements.StatementInvariants.AssertAsync(database);

        // The changes above recorded their events, numbered: one per order bought and per statement closed, and each kind of change.
        var events = await db.Events.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long?)i), events.Select(e => e.Sequence));
        Assert.Equal(orders.Count, events.Count(e => e.Type == EventTypes.OrderCreated));
        Assert.Equal(statements.Count, events.Count(e => e.Type == EventTypes.StatementClosed));
        foreach (var type in new[] { EventTypes.OrderUpgraded, EventTypes.OrderCancelled, EventTypes.OrderRenewed, EventTypes.OrderExpired })
            Assert.Contains(events, e => e.Type == type);
        // alice's budget is tight: on the 24th her spend has crossed 50 %, her forecast goes beyond it, and the watch said so once.
        var budgets = await db.Budgets.ToListAsync();
        Assert.Equal(["alice", "bob"], budgets.Select(b => b.User).Order());
        var forecast = await new ServiceUsage.Domain.Budgets.ForecastQuery(db, new ServiceUsage.Domain.Usage.UsageQueries(db, clock), clock,
            Microsoft.Extensions.Options.Options.Create(new BillingOptions())).GetAsync("alice");
        Assert.True(forecast.Forecast > forecast.Budget && forecast.Thresholds[0].CrossedAt is not null, $"alice: {forecast.SpendToDate} to date, {forecast.Forecast} forecast");
        var alerts = await db.BudgetAlerts.Where(a => a.User == "alice").ToListAsync();
        Assert.Contains(alerts, a => a.Kind == ServiceUsage.Domain.Budgets.BudgetAlertKind.ForecastExceeded);
        Assert.Equal(alerts.Count, await db.Events.CountAsync(e => e.User == "alice" && e.Type.StartsWith("budget.")));
    }

    private sealed class Factory(TestDatabase database) : IDbContextFactory<ServiceUsageDbContext>
    {
        public ServiceUsageDbContext CreateDbContext() => database.NewContext();
    }
}
