using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain;

/// <summary>The usage page's one query per refresh: speed at many instants agrees with speed at each, in a constant number of queries.</summary>
public abstract class UsageReportTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    private async Task LedgerAsync()
    {
        var p = await BuyAsync("2026-03-01T00:00:00Z", OrderType.Postpay, "P", 2);
        var q = await BuyAsync("2026-03-02T10:00:00Z", OrderType.Postpay, "Q", 1);
        await BuyAsync("2026-03-03T00:00:00Z", OrderType.Prepay, "S", 2);
        await BillAsync("2026-03-05T00:00:00Z");
        await UpgradeAsync("2026-03-05T10:30:00Z", p, "P", 3);
        await CancelAsync("2026-03-10T00:00:00Z", q);
        await BillAsync("2026-03-20T00:00:00Z");
    }

    [Fact]
    public async Task Speed_at_many_instants_equals_speed_at_each_instant()
    {
        await LedgerAsync();
        var instants = Enumerable.Range(0, 70).Select(i => Utc("2026-03-01T00:00:00Z").AddMinutes(i * 7 * 60 + i)).ToList();
        var together = await Billing.WithQueriesAsync(q => q.SpeedsAsync("alice", null, instants));
        var one = new List<decimal>();
        foreach (var t in instants) one.Add(await Billing.WithQueriesAsync(q => q.SpeedAsync("alice", null, t)));
        Assert.Equal(one, together);
        // P × 2 at 1.2, Q × 1 at 0.70 (its second version), S × 2 prepaid 60 over March 3 to April 3 (744 h):
        Assert.Equal(3.1806m, (await Billing.WithQueriesAsync(q => q.SpeedsAsync("alice", null, [Utc("2026-03-04T00:00:00Z")])))[0]);
        Assert.Equal(4.3806m, (await Billing.WithQueriesAsync(q => q.SpeedsAsync("alice", null, [Utc("2026-03-06T00:00:00Z")])))[0]); // P × 3 after the upgrade
    }

    [Theory]
    [InlineData("2025-03-20", "2026-03-19", UsageGranularity.Day)]
    [InlineData("2026-02-18", "2026-03-19", UsageGranularity.Hour)]
    [InlineData("2026-03-19", "2026-03-19", UsageGranularity.Hour)]
    [InlineData("2024-03-20", "2026-03-19", UsageGranularity.Month)]
    public async Task A_usage_report_takes_the_same_few_queries_whatever_its_range(string from, string to, UsageGranularity per)
    {
        await LedgerAsync();
        var counter = new CommandCounter();
        var options = new DbContextOptionsBuilder<ServiceUsage.Domain.Data.ServiceUsageDbContext>(Billing.Database.Options).AddInterceptors(counter).Options;
        await using var db = new ServiceUsage.Domain.Data.ServiceUsageDbContext(options);
        var usage = new UsageQueries(db, Billing.Clock);
        var query = new UsageReportQuery(usage, new UsageSeries(db), Billing.Clock);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

        var report = await query.GetAsync(new UsageRequest("alice", DateTime.Parse(from), DateTime.Parse(to), per, UsageSplit.Order, zone));

        Assert.NotEmpty(report.Charged);
        Assert.InRange(report.Speed.Count, 1, UsageReportQuery.MaxSpeedSamples);
        Assert.InRange(counter.Count, 1, MaxQueries);
    }

    /// <summary>
    /// Series 3 (rows of the cut days, daily rollups, rows longer than a day; the charged total is their sum), amount 5
    /// (rollups, edge days' rows inside, rows an edge cuts, rows longer than a day, running orders), speed 4 (orders,
    /// snapshots, plans, prepaid rows): docs/benchmarks.md.
    /// </summary>
    public const int MaxQueries = 12;

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}

public sealed class SqliteUsageReportTests(SqliteDatabaseFixture f) : UsageReportTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbUsageReportTests(MariaDbDatabaseFixture f) : UsageReportTests(f), IClassFixture<MariaDbDatabaseFixture>;
