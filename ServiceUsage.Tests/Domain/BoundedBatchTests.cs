using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain;

/// <summary>
/// A transaction carries at most Billing:MaxRowsPerTransaction rows whatever the outage: an order far behind is charged
/// over several commits, each moving it as far as its rows go, and the rows are those of one uninterrupted pass.
/// </summary>
public abstract class BoundedBatchTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    [Fact]
    public async Task An_order_720_hours_behind_is_charged_in_several_commits_with_the_rows_of_a_single_pass()
    {
        // Q changes price at 11:30 on the first day; the first segment is a partial hour; a second order is 700 hours behind.
        var far = await BuyAsync("2026-03-02T10:17:23Z", OrderType.Postpay, "Q", 3);
        var near = await BuyAsync("2026-03-03T06:00:00Z", OrderType.Postpay, "P", 2, user: "bob");
        Billing.Options.MaxRowsPerTransaction = 100;
        Billing.Options.BatchSize = 10;
        var asOf = Utc("2026-04-01T10:40:00Z"); // 720 ended segments of `far` (the first one partial), 700 of `near`
        var expected = new[] { await SinglePassAsync(far, asOf), await SinglePassAsync(near, asOf) };

        var batches = new BatchLog();
        Billing.SetNow(asOf);
        var result = await Billing.Charging(batches).ChargePostpayAsync(asOf);

        Assert.Equal(1420, result.RowsCharged);
        Assert.True(batches.Rows.Count >= 15, $"{batches.Rows.Count} commits");
        Assert.All(batches.Rows, rows => Assert.InRange(rows, 1, 100));
        foreach (var (order, rows) in new[] { far, near }.Zip(expected))
        {
            Assert.Equal(rows, (await StoredAsync(order)).Select(Row).ToList());
            var steps = batches.ChargedUntil[order.OrderId];
            Assert.True(steps.Count >= 7, $"{order.OrderId} moved in {steps.Count} commits");
            Assert.Equal(steps.OrderBy(t => t).Distinct(), steps); // CHARGED_UNTIL moved forward with every commit
            var stored = await ReloadAsync(order);
            Assert.Equal((Utc("2026-04-01T10:00:00Z"), asOf), (stored.ChargedUntil!.Value, stored.UpdatedAt));
            Assert.Equal(steps.Count, stored.RowVersion); // one version per commit that moved it
        }
    }

    [Fact]
    public async Task Renewals_three_years_behind_are_made_a_few_per_commit_as_one_pass_would()
    {
        var order = await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 2, months: 1, autoRenew: true);
        var expiring = await BuyAsync("2026-02-01T00:00:00Z", OrderType.Prepay, "L", 1, user: "bob");
        Billing.Options.MaxRowsPerTransaction = 5;
        var asOf = Utc("2029-03-01T00:00:00Z");
        var plan = await PlanAsync("S");
        var copy = await ReloadAsync(order);
        var expected = PrepayCharges.DueRows(copy, plan, asOf).Select(Row).ToList();

        var batches = new BatchLog();
        Billing.SetNow(asOf);
        await Billing.Charging(batches).RunPrepayLifecycleAsync(asOf);

        Assert.Equal(37, expected.Count); // Feb 28 2026 ... Feb 28 2029
        Assert.Equal(expected, (await StoredAsync(order)).Skip(1).Select(Row).ToList());
        Assert.All(batches.Rows, rows => Assert.InRange(rows, 0, 5));
        var stored = await ReloadAsync(order);
        Assert.Equal((copy.EndTime, copy.PaidMonths), (stored.EndTime, stored.PaidMonths));
        Assert.Equal(OrderStatus.Expired, (await ReloadAsync(expiring)).Status);
    }

    private async Task<List<string>> SinglePassAsync(PurchaseOrder order, DateTime asOf)
    {
        var copy = await ReloadAsync(order);
        return PostpayCharges.ChargeThrough(copy, await PlanAsync(order.PlanId), BillingTime.FloorHour(asOf), closeOpenSegment: false)
            .Select(Row).ToList();
    }

    private async Task<PlanHistory> PlanAsync(string planId)
    {
        await using var db = Billing.Database.NewContext();
        return new PlanHistory(planId, await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).ToListAsync());
    }

    private async Task<List<UsageRecord>> StoredAsync(PurchaseOrder order)
    {
        await using var db = Billing.Database.NewContext();
        return (await db.UsageHistory.AsNoTracking().Where(u => u.OrderId == order.OrderId).ToListAsync()).OrderBy(u => u.BeginTime).ToList();
    }

    /// <summary>Everything a row says, snapshot included.</summary>
    private static string Row(UsageRecord r) => $"{Describe(r)} {System.Text.Json.JsonSerializer.Serialize(r.OrderDetails)}";

    /// <summary>Each committed batch's row count and, per order, where each commit left its CHARGED_UNTIL.</summary>
    private sealed class BatchLog : IBillingBatchRecorder
    {
        public List<int> Rows { get; } = [];

        public Dictionary<string, List<DateTime>> ChargedUntil { get; } = [];

        public Task RecordAsync(ServiceUsageDbContext db, BillingBatch batch, CancellationToken ct) => Task.CompletedTask;

        public void Committed(BillingBatch batch)
        {
            lock (this)
            {
                Rows.Add(batch.Rows);
                foreach (var o in batch.Orders.Where(o => o.Order.ChargedUntil is not null))
                {
                    if (!ChargedUntil.TryGetValue(o.Order.OrderId, out var steps)) ChargedUntil[o.Order.OrderId] = steps = [];
                    steps.Add(o.Order.ChargedUntil!.Value);
                }
            }
        }
    }
}

public sealed class SqliteBoundedBatchTests(SqliteDatabaseFixture f) : BoundedBatchTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbBoundedBatchTests(MariaDbDatabaseFixture f) : BoundedBatchTests(f), IClassFixture<MariaDbDatabaseFixture>;
