using ServiceUsage.Domain.Billing;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Tests.Domain.Vectors;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Statements;

/// <summary>
/// Statements over the random ledgers of billing-vectors.json: each scenario replayed with statements closed after every
/// event, in a time zone of its own (whole- and half-hour offsets), one row lost before a closing and put back after it
/// (a late row), then everything billed and closed. Every row must land on exactly one statement and each statement's
/// lines must sum to the rows it names.
/// </summary>
public abstract class StatementPropertyTests(DatabaseFixture fixture)
{
    private static readonly string[] Zones = ["UTC", "Asia/Shanghai", "America/New_York", "Asia/Kolkata"];

    public static IEnumerable<object[]> RandomScenarios(int every) =>
        VectorFile.Instance.Scenarios.Where(s => !s.Name.StartsWith("worked")).Where((_, i) => i % every == 0).Select(s => new object[] { s.Name });

    protected async Task RunAsync(string name)
    {
        var vector = VectorFile.Get(name);
        var seed = StableHash(name);
        var zone = Zones[seed % Zones.Length];
        var harness = await VectorReplay.RunAsync(fixture.Database, vector, async (h, e) =>
        {
            h.Options.StatementTimeZone = zone;
            await h.CloseStatementsAsync(e.At);
        });

        // A row lost before the next closing (a partial restore) and put back after it, as a re-run from T would.
        var lost = await LoseOneRowAsync(harness, seed);
        await harness.CloseStatementsAsync();
        if (lost is not null)
        {
            await using var db = fixture.Database.NewContext();
            lost.UsageId = 0;
            db.UsageHistory.Add(lost);
            await DailyRollups.SaveAsync(db, CancellationToken.None);
        }
        harness.SetNow(vector.Now.AddDays(70));
        await harness.BillAsync();
        await harness.CloseStatementsAsync();

        await StatementInvariants.AssertAsync(fixture.Database);
        if (lost is not null)
        {
            // The lost row came back after its month closed: it is a late row, on exactly one adjustments line.
            await using var db = fixture.Database.NewContext();
            var back = await db.UsageHistory.AsNoTracking().SingleAsync(u => u.OrderId == lost.OrderId && u.Kind == lost.Kind && u.BeginTime == lost.BeginTime);
            var monthClosed = await db.Statements.AnyAsync(s => s.User == back.User && s.PeriodEnd > back.BeginTime && s.LastUsageId < back.UsageId
                && s.PeriodBegin <= back.BeginTime);
            if (monthClosed) Assert.Equal(1, await db.StatementLines.CountAsync(l => l.UsageId == back.UsageId && l.Section == StatementSection.Adjustment));
        }
    }

    /// <summary>Removes one row of a month that the coming closing will close, if there is one.</summary>
    private async Task<ServiceUsage.Domain.Usage.UsageRecord?> LoseOneRowAsync(BillingHarness harness, int seed)
    {
        var closable = harness.Options.Calendar().Of(harness.Clock.GetUtcNow().UtcDateTime - StatementRules.Grace).Begin;
        await using var db = fixture.Database.NewContext();
        var candidates = await db.UsageHistory.AsNoTracking().Where(u => u.BeginTime < closable).OrderBy(u => u.UsageId).ToListAsync();
        var closed = await db.Statements.AsNoTracking().Select(s => new { s.User, s.PeriodEnd }).ToListAsync();
        candidates = candidates.Where(c => !closed.Any(s => s.User == c.User && s.PeriodEnd > c.BeginTime)).ToList();
        if (candidates.Count == 0) return null;
        var row = candidates[seed % candidates.Count];
        await DailyRollups.DeleteAsync(db, db.UsageHistory.Where(u => u.UsageId == row.UsageId), CancellationToken.None);
        return row;
    }

    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & int.MaxValue;
}

public sealed class SqliteStatementPropertyTests(SqliteDatabaseFixture f) : StatementPropertyTests(f), IClassFixture<SqliteDatabaseFixture>
{
    public static IEnumerable<object[]> Scenarios() => RandomScenarios(2);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Every_row_lands_on_exactly_one_statement(string name) => RunAsync(name);
}

/// <summary>A smaller sample on MariaDB (the SQLite class replays every other scenario).</summary>
public sealed class MariaDbStatementPropertyTests(MariaDbDatabaseFixture f) : StatementPropertyTests(f), IClassFixture<MariaDbDatabaseFixture>
{
    public static IEnumerable<object[]> Scenarios() => RandomScenarios(6);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Every_row_lands_on_exactly_one_statement(string name) => RunAsync(name);
}
