using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain.Vectors;

/// <summary>
/// Ledger repair against the conformance rules: each scenario's ledger (checked against the vector first) loses two of
/// every three usage rows; "re-run from the start" must put back rows identical to the lost ones (payment, times,
/// snapshot), add nothing else, and name every hole it leaves (where the plan or quantity of the time cannot be known).
/// </summary>
public static class VectorRepair
{
    public static async Task<(int Lost, int Restored)> RunAsync(TestDatabase database, BillingVector vector)
    {
        await VectorReplay.RunAsync(database, vector);
        var original = await LedgerAsync(database);
        var usage = original.Where(r => r.Kind == ChargeKind.Usage).OrderBy(r => r.OrderId, StringComparer.Ordinal).ThenBy(r => r.BeginTime).ToList();
        var lost = usage.Where((_, i) => i % 3 != 2).ToList();
        await using (var db = database.NewContext())
            foreach (var row in lost)
                await DailyRollups.DeleteAsync(db, db.UsageHistory.Where(u => u.OrderId == row.OrderId && u.Kind == ChargeKind.Usage && u.BeginTime == row.BeginTime), CancellationToken.None);

        // From the first event, as of the first event: holes only, no catch-up (every order is charged past that instant).
        var start = vector.Events[0].At;
        var harness = new BillingHarness(database, start);
        var report = await harness.Repair().RepairAsync(start, start, null, CancellationToken.None);

        await harness.AssertRollupsMatchLedgerAsync($"{vector.Name} after the re-run from its start");

        var after = await LedgerAsync(database);
        var restored = after.Except(original.Except(lost)).ToList();
        var wrong = restored.Where(r => !original.Contains(r)).ToList();
        Assert.True(wrong.Count == 0, $"{vector.Name}: repair wrote rows the vector does not have: {string.Join("; ", wrong)}; the order's rows were: " +
            string.Join("\n", original.Where(o => wrong.Any(w => w.OrderId == o.OrderId && Math.Abs((w.BeginTime - o.BeginTime).TotalHours) < 3)).OrderBy(o => o.BeginTime).Select(o => $"{o} lost={lost.Contains(o)}")));
        Assert.Equal(after.Count, after.Distinct().Count());
        Assert.Equal((restored.Count, restored.Sum(r => r.Payment)), (report.RowsAdded, report.MoneyAdded));
        Assert.Equal(0, report.CatchUp.RowsCharged);
        foreach (var missing in lost.Except(after))
            Assert.True(report.Unresolved.Any(h => h.OrderId == missing.OrderId && h.Begin <= missing.BeginTime && missing.EndTime <= h.End),
                $"{vector.Name}: {missing} is neither restored nor reported");
        return (lost.Count, restored.Count);
    }

    private static async Task<List<Row>> LedgerAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return (await db.UsageHistory.AsNoTracking().ToListAsync())
            .Select(r => new Row(r.OrderId, r.Kind, r.BeginTime, r.EndTime, r.Payment, JsonSerializer.Serialize(r.OrderDetails)))
            .ToList();
    }

    private sealed record Row(string OrderId, ChargeKind Kind, DateTime BeginTime, DateTime EndTime, decimal Payment, string Snapshot);
}

/// <summary>
/// Repair over every scenario on SQLite; a good share of the lost rows must come back (the rest border an order's start
/// or a change, where one witness is all there is).
/// </summary>
public sealed class SqliteVectorRepairTests(SqliteDatabaseFixture fixture) : IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public async Task Repair_restores_lost_usage_rows_exactly_in_every_scenario()
    {
        var (lost, restored) = (0, 0);
        foreach (var vector in VectorFile.Instance.Scenarios)
        {
            var (l, r) = await VectorRepair.RunAsync(fixture.Database, vector);
            (lost, restored) = (lost + l, restored + r);
        }
        Assert.True(lost > 500 && restored * 2 >= lost, $"{restored} of {lost} lost rows restored"); // 652 of 965 when written
    }
}

/// <summary>The same on MariaDB, where the repair writes through the bulk writer; the scenarios with most usage rows.</summary>
public sealed class MariaDbVectorRepairTests(MariaDbDatabaseFixture fixture) : IClassFixture<MariaDbDatabaseFixture>
{
    [Fact]
    public async Task Repair_restores_lost_usage_rows_exactly_on_mariadb()
    {
        var busiest = VectorFile.Instance.Scenarios
            .OrderByDescending(v => v.ExpectedRows.Count(r => r.Kind == "usage")).ThenBy(v => v.Name, StringComparer.Ordinal).Take(25);
        var (lost, restored) = (0, 0);
        foreach (var vector in busiest)
        {
            var (l, r) = await VectorRepair.RunAsync(fixture.Database, vector);
            (lost, restored) = (lost + l, restored + r);
        }
        Assert.True(lost > 200 && restored * 2 >= lost, $"{restored} of {lost} lost rows restored"); // 429 of 541 when written
    }
}
