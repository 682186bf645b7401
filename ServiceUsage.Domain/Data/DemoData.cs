using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Budgets;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// A living demo on the embedded database: plans of three services with past and future versions, and weeks of
/// orders for the tenants <c>alice</c> and <c>bob</c>. The history is made by the engine itself, on a clock set in the past.
/// Its months are closed into statements; one charge of bob's arrives late (as a re-run after a partial restore would
/// add it), so his latest statement has an adjustments section.
/// </summary>
public static class DemoData
{
    public static readonly string[] Tenants = ["alice", "bob"];

    public static async Task<bool> SeedAsync(IDbContextFactory<ServiceUsageDbContext> factory, TimeProvider clock, BillingOptions options, CancellationToken ct = default)
    {
        await using (var probe = await factory.CreateDbContextAsync(ct))
            if (await probe.PlanVersions.AnyAsync(ct)) return false;

        var now = BillingTime.FloorHour(BillingTime.Now(clock));
        var past = new PastClock(now.AddDays(-60));
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.PlanVersions.AddRange(
                Version("mysql-small", now.AddDays(-90), "MySQL 1 vCPU / 2 GB", "mysql", 30m, 0.05m),
                Version("mysql-small", now.AddDays(14), "MySQL 1 vCPU / 2 GB", "mysql", 32m, 0.055m),
                Version("mysql-large", now.AddDays(-90), "MySQL 4 vCPU / 16 GB", "mysql", 90m, 0.15m),
                Version("mysql-large", now.AddDays(-10).AddMinutes(30), "MySQL 4 vCPU / 16 GB", "mysql", 85m, 0.14m),
                Version("volume-100g", now.AddDays(-90), "Block volume 100 GB", "volume", 10m, 0.02m, unit: "volume"),
                Version("redis-1g", now.AddDays(-90), "Redis 1 GB", "redis", null, 0.03m),
                Version("redis-1g", now.AddDays(30), "Redis 1 GB", "redis", null, 0.025m),
                Version("mysql-legacy", now.AddDays(-90), "MySQL legacy (retired)", "mysql", 25m, 0.04m),
                Version("mysql-legacy", now.AddDays(-30), "MySQL legacy (retired)", "mysql", 25m, 0.04m, onSale: false));
            await db.SaveChangesAsync(ct);
        }

        async Task<OrderChange> At(DateTime t, Func<OrderService, Task<OrderChange>> call)
        {
            past.Now = t;
            await using var db = await factory.CreateDbContextAsync(ct);
            return await call(new OrderService(db, past, Options.Create(options)));
        }

        // Older history, so that at least the two months before the current one have statements, whatever today's date.
        await At(now.AddDays(-80), s => s.CreateAsync(new("alice", OrderType.Prepay, "mysql-small", 1, 2), ct: ct));
        var b0 = await At(now.AddDays(-75).AddMinutes(-9), s => s.CreateAsync(new("bob", OrderType.Postpay, "redis-1g", 2), ct: ct));
        await At(now.AddDays(-20), s => s.CancelAsync(b0.Order.OrderId, OrderAccess.Admin, ct: ct));

        var a1 = await At(now.AddDays(-21).AddMinutes(-17), s => s.CreateAsync(new("alice", OrderType.Postpay, "mysql-small", 2), ct: ct));
        await At(now.AddDays(-40), s => s.CreateAsync(new("alice", OrderType.Prepay, "volume-100g", 1, 1, AutoRenew: true), ct: ct));
        var a3 = await At(now.AddDays(-18), s => s.CreateAsync(new("alice", OrderType.Postpay, "redis-1g", 1), ct: ct));
        await At(now.AddDays(-25), s => s.CreateAsync(new("bob", OrderType.Prepay, "mysql-large", 1, 3), ct: ct));
        var b2 = await At(now.AddDays(-14).AddMinutes(-42), s => s.CreateAsync(new("bob", OrderType.Postpay, "volume-100g", 5), ct: ct));

        await BillAsync(factory, past, options, now.AddDays(-10), ct);
        await At(now.AddDays(-10).AddMinutes(12), s => s.UpgradeAsync(a3.Order.OrderId, new("redis-1g", 3), OrderAccess.Admin, ct: ct));
        await At(now.AddDays(-7).AddMinutes(5), s => s.UpgradeAsync(a1.Order.OrderId, new("mysql-large", 1), OrderAccess.Admin, ct: ct));
        await BillAsync(factory, past, options, now.AddDays(-2), ct);
        await At(now.AddDays(-2).AddMinutes(33), s => s.CancelAsync(b2.Order.OrderId, OrderAccess.Admin, ct: ct));
        await BillAsync(factory, past, options, BillingTime.Now(clock), ct);
        await CloseStatementsAsync(factory, past, options, b0.Order.OrderId, BillingTime.Now(clock), ct);
        // Budgets: alice's is tight (her forecast goes beyond it), bob's set by an admin; the watch records what they crossed.
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.Budgets.AddRange(
                new Budget { User = "alice", Amount = 120m, Thresholds = [50, 80, 100], UpdatedAt = now, UpdatedBy = "alice" },
                new Budget { User = "bob", Amount = 400m, Thresholds = [80, 100], UpdatedAt = now, UpdatedBy = "admin" });
            await db.SaveChangesAsync(ct);
        }
        await new BudgetWatch(factory, clock, Options.Create(options), NullLogger<BudgetWatch>.Instance).RunAsync(ct);
        // Every change above recorded its event (created, upgraded, cancelled, renewed, expired, statement.closed, budget.*): number them.
        await new EventSequencer(factory, NullLogger<EventSequencer>.Instance).SequenceAsync(ct: ct);
        return true;
    }

    /// <summary>
    /// Closes the months before the last one as of the last month's first day (one of bob's hours missing then, as after
    /// a partial restore), puts that hour back as a re-run would, and closes the last month now: the hour is a late row.
    /// </summary>
    private static async Task CloseStatementsAsync(IDbContextFactory<ServiceUsageDbContext> factory, PastClock past, BillingOptions options,
        string lateOrderId, DateTime now, CancellationToken ct)
    {
        var calendar = options.Calendar();
        var lastMonth = calendar.Previous(calendar.Of(now - StatementRules.Grace)); // the latest month that may close now
        UsageRecord late;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            late = await db.UsageHistory.AsNoTracking()
                .Where(u => u.OrderId == lateOrderId && u.BeginTime < lastMonth.Begin).OrderByDescending(u => u.BeginTime).FirstAsync(ct);
            await DailyRollups.DeleteAsync(db, db.UsageHistory.Where(u => u.UsageId == late.UsageId), ct);
        }
        await CloseAsync(factory, past, options, lastMonth.Begin + StatementRules.Grace, ct);
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            late.UsageId = 0;
            db.UsageHistory.Add(late);
            await DailyRollups.SaveAsync(db, ct);
        }
        await CloseAsync(factory, past, options, now, ct);
    }

    private static async Task CloseAsync(IDbContextFactory<ServiceUsageDbContext> factory, PastClock past, BillingOptions options, DateTime at, CancellationToken ct)
    {
        past.Now = at;
        await using var db = await factory.CreateDbContextAsync(ct);
        await new StatementClosing(db, new StatementLedger(db), past, Options.Create(options), NullLogger<StatementClosing>.Instance).CloseDueAsync(at, ct: ct);
    }

    private static async Task BillAsync(IDbContextFactory<ServiceUsageDbContext> factory, PastClock past, BillingOptions options, DateTime at, CancellationToken ct)
    {
        past.Now = at;
        await new ChargingService(factory, past, Options.Create(options), [new OrderEventsRecorder(), new DailyRollupRecorder()], NullLogger<ChargingService>.Instance).BillAsync(at, ct);
    }

    private static PlanVersion Version(string planId, DateTime begin, string name, string serviceId, decimal? monthly, decimal? hourly,
        bool onSale = true, string unit = "instance") => new()
    {
        PlanId = planId,
        BeginTime = begin,
        Name = name,
        Details = new PlanDetails
        {
            ServiceId = serviceId, Description = name, Unit = unit,
            MonthlyPrice = monthly, HourlyPrice = hourly, OnSale = onSale,
        },
    };

    /// <summary>A clock the seeder moves through the past.</summary>
    private sealed class PastClock(DateTime start) : TimeProvider
    {
        public DateTime Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }
}
