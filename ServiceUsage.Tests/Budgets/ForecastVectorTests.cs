using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Budgets;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Tests.Domain.Vectors;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Budgets;

/// <summary>
/// The forecast against what really happens: each conformance scenario is replayed, then, with no later change, every
/// tenant's month is forecast at three instants (the scenario's now; later, after a billing run; in the next month,
/// with jobs behind), the jobs run past the last month's end, and each forecast must equal that month's final total
/// (amount over the month) within 0.0001 per ledger row of the month.
/// </summary>
public static class ForecastVectorCheck
{
    public static async Task RunAsync(TestDatabase database, BillingVector vector)
    {
        var harness = await VectorReplay.RunAsync(database, vector);
        var users = vector.Events.Where(e => e.User is not null).Select(e => e.User!).Distinct().ToList();
        var random = new Random(vector.Name.Aggregate(14, (h, c) => unchecked(h * 31 + c)));
        var t1 = vector.Now;
        var t2 = t1.AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 20) / 10 * 10);
        var t3 = StatementCalendar.Utc.Of(t2).End.AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 10) / 10 * 10);

        var forecasts = new List<(string User, DateTime At, MonthForecast Forecast)>();
        async Task ForecastAt(DateTime at, bool billFirst)
        {
            harness.SetNow(at);
            if (billFirst) await harness.BillAsync();
            foreach (var user in users)
                forecasts.Add((user, at, await harness.WithBudgetsAsync((q, _) => q.GetAsync(user, StatementCalendar.Utc.Of(at)))));
        }
        await ForecastAt(t1, billFirst: false);
        await ForecastAt(t2, billFirst: true);
        await ForecastAt(t3, billFirst: false);

        harness.SetNow(StatementCalendar.Utc.Of(t3).End.AddDays(1));
        await harness.BillAsync();
        var failures = new List<string>();
        foreach (var (user, at, f) in forecasts)
        {
            var total = (await harness.WithQueriesAsync(q => q.AmountAsync(user, null, f.Month.Begin, f.Month.End))).Total;
            await using var db = database.NewContext();
            var rows = await db.UsageHistory.CountAsync(u => u.User == user && u.BeginTime < f.Month.End && u.EndTime > f.Month.Begin);
            if (Math.Abs(total - f.Forecast) > 0.0001m * Math.Max(1, rows))
                failures.Add($"{vector.Name} {user} {f.Month} forecast at {at:O}: {Money.Format(f.Forecast)}, final total {Money.Format(total)} ({rows} rows)");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Every eighth scenario, for the MariaDB run.</summary>
    public static IEnumerable<object[]> Sample() => VectorFile.Names().Where((_, i) => i % 8 == 0);
}

public sealed class SqliteForecastVectorTests(SqliteDatabaseFixture fixture) : IClassFixture<SqliteDatabaseFixture>
{
    [Theory]
    [MemberData(nameof(VectorFile.Names), MemberType = typeof(VectorFile))]
    public Task Forecast_made_at_any_instant_equals_the_months_final_total(string name) =>
        ForecastVectorCheck.RunAsync(fixture.Database, VectorFile.Get(name));
}

public sealed class MariaDbForecastVectorTests(MariaDbDatabaseFixture fixture) : IClassFixture<MariaDbDatabaseFixture>
{
    [Theory]
    [MemberData(nameof(ForecastVectorCheck.Sample), MemberType = typeof(ForecastVectorCheck))]
    public Task Forecast_made_at_any_instant_equals_the_months_final_total(string name) =>
        ForecastVectorCheck.RunAsync(fixture.Database, VectorFile.Get(name));
}
