using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Billing;

/// <summary>A day on which a rollup and the ledger disagree (null order: the user's total of the day).</summary>
public sealed record RollupDifference(string User, string? OrderId, DateTime Day, decimal LedgerPayment, int LedgerRows, decimal RollupPayment, int RollupRows)
{
    public override string ToString() =>
        $"{User} {OrderId ?? "(all orders)"} {Day:yyyy-MM-dd}: ledger {LedgerPayment} in {LedgerRows} rows, rollup {RollupPayment} in {RollupRows}";
}

/// <summary>
/// The daily rollups' maintenance, an engine operation: the one-time backfill of ledgers written before them, and the
/// check that reports any day where a rollup and the ledger disagree. Both go order page by order page (and the
/// backfill a month of days at a time), so no transaction or read grows with the ledger.
/// </summary>
public sealed class DailyRollupMaintenance(IDbContextFactory<ServiceUsageDbContext> contexts, BillingRunner runner)
{
    public const string Job = "daily-rollups";
    public const int OrdersPerPage = 100;
    public const int DaysPerTransaction = 31;

    /// <summary>Rebuilds every order's rollups from its ledger rows, with a run record (job <see cref="Job"/>). Null when a backfill is running.</summary>
    public async Task<BillingRun?> BackfillAsync(CancellationToken ct = default) =>
        await runner.RunAsync(Job, async (run, token) =>
        {
            var (orders, transactions) = (0, 0);
            await foreach (var page in PagesAsync(token))
            {
                orders += page.Count;
                var first = DailyRollups.DayOf(page.Min(o => o.BeginTime));
                var last = DailyRollups.DayOf(page.Max(o => new[] { o.BeginTime, o.EndTime ?? o.BeginTime, o.ChargedUntil ?? o.BeginTime }.Max())).AddDays(1);
                for (var from = first; from < last; from = from.AddDays(DaysPerTransaction), transactions++)
                    await RebuildAsync(page.Select(o => o.OrderId).ToList(), from, BillingTime.Min(last, from.AddDays(DaysPerTransaction)), token);
            }
            run.Report = $"Rebuilt the daily rollups of {orders} orders in {transactions} transactions.";
        }, ct);

    /// <summary>Every day where a rollup and the ledger disagree, at most <paramref name="limit"/> of them.</summary>
    public async Task<IReadOnlyList<RollupDifference>> CheckAsync(int limit = 100, CancellationToken ct = default)
    {
        var found = new List<RollupDifference>();
        await using var db = await contexts.CreateDbContextAsync(ct);
        await foreach (var page in PagesAsync(ct))
        {
            var ids = page.Select(o => o.OrderId).ToList();
            var users = page.ToDictionary(o => o.OrderId, o => o.User, StringComparer.Ordinal);
            var ledger = await DailyRollups.LedgerDaysAsync(db, ids, ct);
            var rollup = await db.DailyUsage.AsNoTracking().Where(d => ids.Contains(d.OrderId)).ToListAsync(ct);
            found.AddRange(Differences(
                ledger.Select(l => (Key: (l.OrderId, l.Day), l.Payment, l.Rows)),
                rollup.Select(r => (Key: (r.OrderId, r.Day), r.Payment, r.Rows)),
                (key, l, r) => new RollupDifference(users[key.OrderId], key.OrderId, key.Day, l.Payment, l.Rows, r.Payment, r.Rows)));
            if (found.Count >= limit) return found.Take(limit).ToList();
        }
        // The users' totals against their orders' days (checked above against the ledger).
        var allUsers = await db.DailyUsage.Select(d => d.User).Union(db.DailyUserUsage.Select(d => d.User)).Distinct().ToListAsync(ct);
        foreach (var chunk in allUsers.Chunk(OrdersPerPage))
        {
            var sums = await db.DailyUsage.AsNoTracking().Where(d => chunk.Contains(d.User)).GroupBy(d => new { d.User, d.Day })
                .Select(g => new { g.Key.User, g.Key.Day, Payment = g.Sum(d => d.Payment), Rows = g.Sum(d => d.Rows) }).ToListAsync(ct);
            var totals = await db.DailyUserUsage.AsNoTracking().Where(d => chunk.Contains(d.User)).ToListAsync(ct);
            found.AddRange(Differences(
                sums.Select(s => (Key: (s.User, s.Day), s.Payment, s.Rows)),
                totals.Select(t => (Key: (t.User, t.Day), t.Payment, t.Rows)),
                (key, l, r) => new RollupDifference(key.User, null, key.Day, l.Payment, l.Rows, r.Payment, r.Rows)));
            if (found.Count >= limit) break;
        }
        return found.Take(limit).ToList();
    }

    private static IEnumerable<RollupDifference> Differences<TKey>(
        IEnumerable<(TKey Key, decimal Payment, int Rows)> expected, IEnumerable<(TKey Key, decimal Payment, int Rows)> actual,
        Func<TKey, (decimal Payment, int Rows), (decimal Payment, int Rows), RollupDifference> describe) where TKey : notnull
    {
        var want = expected.ToDictionary(e => e.Key, e => (e.Payment, e.Rows));
        var have = actual.ToDictionary(a => a.Key, a => (a.Payment, a.Rows));
        foreach (var key in want.Keys.Union(have.Keys))
        {
            var (l, r) = (want.GetValueOrDefault(key), have.GetValueOrDefault(key));
            if (l != r) yield return describe(key, l, r);
        }
    }

    private async Task RebuildAsync(IReadOnlyCollection<string> orderIds, DateTime from, DateTime to, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            // Hold the orders, so no writer of their rows runs meanwhile (SQLite has one writer at a time anyway).
            if (!db.Database.IsSqlite())
                await db.Orders.Where(o => orderIds.Contains(o.OrderId)).TagWith(LockingReadInterceptor.WaitTag).Select(o => o.OrderId).ToListAsync(token);
            await DailyRollups.RebuildAsync(db, orderIds, from, to, token);
            await transaction.CommitAsync(token);
        }, ct);
    }

    private async IAsyncEnumerable<List<PurchaseOrder>> PagesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var after = "";
        while (true)
        {
            var page = await db.Orders.AsNoTracking().Where(o => string.Compare(o.OrderId, after) > 0)
                .OrderBy(o => o.OrderId).Take(OrdersPerPage).ToListAsync(ct);
            if (page.Count == 0) yield break;
            after = page[^1].OrderId;
            yield return page;
        }
    }
}
