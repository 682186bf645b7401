using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Budgets;
using ServiceUsage.Domain.Events;
using ServiceUsage.Tests.Domain;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Budgets;

/// <summary>The budget watch: each threshold crossed and a forecast beyond the budget recorded once per user and month, with its event.</summary>
public abstract class BudgetWatchTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    /// <summary>A watch as one host runs it: its own context factory over the shared database.</summary>
    protected BudgetWatch Host() =>
        new(Billing.Database.Contexts, Billing.Clock, Microsoft.Extensions.Options.Options.Create(Billing.Options), NullLogger<BudgetWatch>.Instance);

    [Fact]
    public async Task Worked_example_6_records_the_50_percent_threshold_and_the_forecast_once_then_80_percent_when_reached()
    {
        await Billing.AddPlanHistoryAsync(BillingHarness.Version("P", Utc("2026-03-20T00:00:00Z"), "mysql", null, 1.5m));
        await BuyAsync("2026-03-01T00:00:00Z", OrderType.Postpay, "P", 2);
        await Billing.WithBudgetsAsync((_, b) => b.SetAsync("alice", 1000m, null, "alice"));
        Billing.SetNow(Utc("2026-03-10T00:00:00Z"));

        Assert.Equal(new BudgetWatchResult(1, 2, 0), await Host().RunAsync());
        Assert.Equal(new BudgetWatchResult(1, 0, 0), await Host().RunAsync());
        Billing.SetNow(Utc("2026-03-15T00:00:00Z"));
        Assert.Equal(new BudgetWatchResult(1, 1, 0), await Host().RunAsync());

        await using var db = Billing.Database.NewContext();
        var events = await db.Events.AsNoTracking().Where(e => e.Type.StartsWith("budget.")).OrderBy(e => e.Key).ToListAsync();
        Assert.Equal([EventTypes.BudgetThresholdCrossed, EventTypes.BudgetForecastExceeded, EventTypes.BudgetThresholdCrossed], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("alice", e.User));
        Assert.Equal(Utc("2026-03-09T16:20:00Z"), events[0].Time);
        Assert.Contains("\"percent\":50", events[0].Data);
        Assert.Contains("\"spendToDate\":518.4", events[0].Data);
        Assert.Contains("\"crossedAt\":\"2026-03-09T16:20:00Z\"", events[0].Data);
        Assert.Contains("\"forecast\":1958.4", events[1].Data);
        Assert.Contains("\"reachesBudgetAt\":\"2026-03-18T08:40:00Z\"", events[1].Data);
        Assert.Equal(Utc("2026-03-14T21:20:00Z"), events[2].Time);
        Assert.Equal(3, await db.BudgetAlerts.CountAsync(a => a.User == "alice" && a.Month == "2026-03"));
    }

    [Fact]
    public async Task A_second_hosts_insert_of_the_same_alert_is_a_no_op_and_another_conflict_is_not_swallowed()
    {
        var alert = () => new BudgetAlert { User = "alice", Month = "2026-03", Kind = BudgetAlertKind.ThresholdCrossed, Percent = 50, Budget = 10m, Amount = 5m, RecordedAt = Utc("2026-03-10T00:00:00Z") };
        var data = new BudgetEventData("alice", "2026-03", 50, 10m, 5m, 5m, 12m, Utc("2026-03-09T00:00:00Z"), null, "CNY");

        Assert.True(await Host().RecordAsync(alert(), EventTypes.BudgetThresholdCrossed, data, default));
        Assert.False(await Host().RecordAsync(alert(), EventTypes.BudgetThresholdCrossed, data, default));

        // The same event id without its marker (say, the 80 % marker of a month whose event id collides) is a real failure.
        await using (var db = Billing.Database.NewContext())
            await db.BudgetAlerts.Where(a => a.User == "alice").ExecuteDeleteAsync();
        await Assert.ThrowsAsync<DbUpdateException>(() => Host().RecordAsync(alert(), EventTypes.BudgetThresholdCrossed, data, default));

        await using var read = Billing.Database.NewContext();
        Assert.Equal(1, await read.Events.CountAsync(e => e.User == "alice"));
        Assert.Equal(0, await read.BudgetAlerts.CountAsync());
    }
}

public sealed class SqliteBudgetWatchTests(SqliteDatabaseFixture f) : BudgetWatchTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbBudgetWatchTests(MariaDbDatabaseFixture f) : BudgetWatchTests(f), IClassFixture<MariaDbDatabaseFixture>
{
    [Fact]
    public async Task Concurrent_watches_on_two_hosts_record_every_alert_exactly_once()
    {
        const int tenants = 12;
        for (var i = 0; i < tenants; i++)
        {
            await BuyAsync("2026-03-01T00:00:00Z", OrderType.Postpay, "P", 1 + i % 3, user: $"t{i:00}");
            await Billing.WithBudgetsAsync((_, b) => b.SetAsync($"t{i:00}", 100m, [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], "admin"));
        }
        Billing.SetNow(Utc("2026-03-10T00:00:00Z")); // every tenant has spent 259.2 at least: every threshold is crossed
        var (a, b) = (Host(), Host());

        var results = new List<BudgetWatchResult>();
        for (var round = 0; round < 4; round++)
            results.AddRange(await Task.WhenAll(Task.Run(() => a.RunAsync()), Task.Run(() => b.RunAsync())));

        const int expected = tenants * 11; // ten thresholds and the forecast
        Assert.Equal(expected, results.Sum(r => r.Recorded));
        await using var db = Billing.Database.NewContext();
        var events = await db.Events.AsNoTracking().Where(e => e.Type.StartsWith("budget.")).Select(e => new { e.Id, e.Type, e.User }).ToListAsync();
        Assert.Equal(expected, events.Count);
        Assert.Equal(expected, events.Select(e => e.Id).Distinct().Count());
        Assert.All(events.GroupBy(e => e.User), g => Assert.Equal((10, 1), (g.Count(e => e.Type == EventTypes.BudgetThresholdCrossed), g.Count(e => e.Type == EventTypes.BudgetForecastExceeded))));
        Assert.Equal(expected, await db.BudgetAlerts.CountAsync());
    }
}
