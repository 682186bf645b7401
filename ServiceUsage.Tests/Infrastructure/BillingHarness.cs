using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Budgets;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Tests.Infrastructure;

/// <summary>The engine's services over a test database and a fake clock, a fresh DbContext per call as in production.</summary>
public sealed class BillingHarness(TestDatabase database, DateTime start)
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc)));

    public BillingOptions Options { get; } = new();

    public TestDatabase Database => database;

    public void SetNow(DateTime utc) => Clock.SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public async Task<T> WithOrdersAsync<T>(Func<OrderService, Task<T>> call)
    {
        await using var db = database.NewContext();
        return await call(new OrderService(db, Clock, Microsoft.Extensions.Options.Options.Create(Options)));
    }

    public Task<ChargeResult> BillAsync(DateTime? asOf = null) => Charging().BillAsync(asOf);

    /// <summary>
    /// The engine as the jobs use it, with a context per writer from a factory over the test database and the recorders
    /// the host registers (the order events) before <paramref name="recorders"/>.
    /// </summary>
    public ChargingService Charging(params IBillingBatchRecorder[] recorders) =>
        new(database.Contexts, Clock, Microsoft.Extensions.Options.Options.Create(Options), [new OrderEventsRecorder(), new DailyRollupRecorder(), .. recorders],
            NullLogger<ChargingService>.Instance);

    /// <summary>"Re-run billing from T" over the test database.</summary>
    public LedgerRepair Repair()
    {
        var locks = new BillingLock(database.Settings);
        return new LedgerRepair(database.Contexts, Charging(), Runner(locks), locks);
    }

    /// <summary>The daily rollups' backfill and check over the test database.</summary>
    public DailyRollupMaintenance Rollups() => new(database.Contexts, Runner(new BillingLock(database.Settings)));

    /// <summary>Fails with every day where a daily rollup and the ledger disagree.</summary>
    public async Task AssertRollupsMatchLedgerAsync(string when)
    {
        var differences = await Rollups().CheckAsync();
        Assert.True(differences.Count == 0, $"{when}: the daily rollups differ from the ledger: {string.Join("; ", differences)}");
    }

    private BillingRunner Runner(BillingLock locks) => new(database.Contexts, locks, new UnrecordedRuns(), Clock, [], NullLogger<BillingRunner>.Instance);

    /// <summary>A statements closing run at the clock's now (or <paramref name="asOf"/>).</summary>
    public async Task<ClosingResult> CloseStatementsAsync(DateTime? asOf = null)
    {
        await using var db = database.NewContext();
        return await Closing(db).CloseDueAsync(asOf);
    }

    public StatementClosing Closing(ServiceUsageDbContext db) =>
        new(db, new StatementLedger(db), Clock, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<StatementClosing>.Instance);

    public async Task<T> WithStatementsAsync<T>(Func<StatementQueries, Task<T>> call)
    {
        await using var db = database.NewContext();
        return await call(new StatementQueries(db, new StatementLedger(db), new UsageQueries(db, Clock), Clock, Microsoft.Extensions.Options.Options.Create(Options)));
    }

    public async Task<T> WithQueriesAsync<T>(Func<UsageQueries, Task<T>> call)
    {
        await using var db = database.NewContext();
        return await call(new UsageQueries(db, Clock));
    }

    /// <summary>The forecast and budgets of a tenant, as the API and portal ask for them, at the clock's now.</summary>
    public async Task<T> WithBudgetsAsync<T>(Func<ForecastQuery, BudgetService, Task<T>> call)
    {
        await using var db = database.NewContext();
        return await call(new ForecastQuery(db, new UsageQueries(db, Clock), Clock, Microsoft.Extensions.Options.Options.Create(Options)), new BudgetService(db, Clock));
    }

    public async Task<T> WithSeriesAsync<T>(Func<UsageSeries, Task<T>> call)
    {
        await using var db = database.NewContext();
        return await call(new UsageSeries(db));
    }

    public async Task<T> WithPlansAsync<T>(Func<PlanService, Task<T>> call)
    {
        await using var db = database.NewContext();
        return await call(new PlanService(db, Clock));
    }

    /// <summary>Inserts plan versions directly: history, not subject to the "begin now or later" admin rule.</summary>
    public async Task AddPlanHistoryAsync(params PlanVersion[] versions)
    {
        await using var db = database.NewContext();
        db.PlanVersions.AddRange(versions);
        await db.SaveChangesAsync();
    }

    public static PlanVersion Version(string planId, DateTime begin, string serviceId, decimal? monthly, decimal? hourly, bool onSale = true) => new()
    {
        PlanId = planId,
        BeginTime = DateTime.SpecifyKind(begin, DateTimeKind.Utc),
        Name = planId,
        Details = new PlanDetails { ServiceId = serviceId, MonthlyPrice = monthly, HourlyPrice = hourly, OnSale = onSale },
    };
}
