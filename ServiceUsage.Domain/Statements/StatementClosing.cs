using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Statements;

/// <summary>What one closing run did.</summary>
public sealed record ClosingResult(int TenantsSeen, int StatementsClosed, decimal Charged, int LateRowsFound)
{
    public static readonly ClosingResult Empty = new(0, 0, 0m, 0);

    public ClosingResult Add(ClosingResult other) => new(TenantsSeen + other.TenantsSeen, StatementsClosed + other.StatementsClosed,
        Charged + other.Charged, LateRowsFound + other.LateRowsFound);
}

/// <summary>
/// Closes every tenant's months that may close (BILLING.md "Statements"), tenants in batches of
/// <see cref="BillingOptions.BatchSize"/>, one transaction per batch. Each batch first locks the deployment's statement
/// counter row, so closers (two replicas, a re-run) take turns and the numbers stay gapless; it then reads the ledger
/// in one snapshot up to its highest USAGE_ID, records rows that arrived in already closed months as late, and stores
/// the batch's statements whole. Re-running finds nothing more to close.
/// </summary>
public sealed partial class StatementClosing(
    ServiceUsageDbContext db, StatementLedger ledger, TimeProvider clock, IOptions<BillingOptions> options, ILogger<StatementClosing> logger)
{
    private BillingOptions Options => options.Value;

    public async Task<ClosingResult> CloseDueAsync(DateTime? asOf = null, CancellationToken ct = default)
    {
        var now = BillingTime.Normalize(asOf ?? BillingTime.Now(clock));
        var total = ClosingResult.Empty;
        string? after = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var users = await db.Orders.AsNoTracking().Select(o => o.User)
                .Where(u => after == null || string.Compare(u, after) > 0)
                .Distinct().OrderBy(u => u).Take(Options.BatchSize).ToListAsync(ct);
            if (users.Count == 0) return total;
            after = users[^1];
            total = total.Add(await CloseBatchAsync(users, now, ct));
            db.ChangeTracker.Clear();
        }
    }

    private Task<ClosingResult> CloseBatchAsync(List<string> users, DateTime now, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var state = await LockStateAsync(token);
            var upTo = await db.UsageHistory.MaxAsync(u => (long?)u.UsageId, token) ?? 0;
            var late = 0;
            if (upTo > state.ScannedThrough)
            {
                late = await ledger.RecordLateRowsAsync(state.ScannedThrough, upTo, now, token);
                state.ScannedThrough = upTo;
            }

            var statements = await BuildDueAsync(users, now, upTo, token);
            foreach (var s in statements)
            {
                s.Sequence = state.NextSequence++;
                s.Number = StatementRules.FormatNumber(Options.StatementPrefix, Options.Calendar().Of(s.PeriodBegin), s.Sequence);
                s.ClosedAt = now;
                s.LastUsageId = upTo;
                s.ContentHash = StatementHash.Compute(s);
            }
            db.Statements.AddRange(statements);
            await db.SaveChangesAsync(token);
            await tx.CommitAsync(token);
            if (statements.Count > 0) LogClosed(logger, statements.Count, statements[0].Number!, statements[^1].Number!);
            return new ClosingResult(users.Count, statements.Count, statements.Sum(s => s.Charged), late);
        }, ct);

    /// <summary>The counter row, locked for this transaction (SQLite's write transaction already excludes other writers).</summary>
    private async Task<StatementState> LockStateAsync(CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return await db.StatementState.SingleAsync(s => s.Id == StatementState.SingletonId, ct);
        // Names from the model, not from input: the one concatenation here is safe.
        var entity = db.Model.FindEntityType(typeof(StatementState))!;
        var sql = "SELECT * FROM `" + entity.GetTableName() + "` WHERE `" + entity.FindProperty(nameof(StatementState.Id))!.GetColumnName() + "` = {0} FOR UPDATE";
        return await db.StatementState.FromSqlRaw(sql, StatementState.SingletonId).SingleAsync(ct);
    }

    /// <summary>Every statement the batch's tenants may close now, in closing order (month, then tenant).</summary>
    private async Task<List<Statement>> BuildDueAsync(List<string> users, DateTime now, long upTo, CancellationToken ct)
    {
        var calendar = Options.Calendar();
        var lastEnds = await db.Statements.AsNoTracking().Where(s => users.Contains(s.User))
            .GroupBy(s => s.User).Select(g => new { g.Key, End = g.Max(s => s.PeriodEnd) })
            .ToDictionaryAsync(g => g.Key, g => g.End, StringComparer.Ordinal, ct);
        var firstOrders = await db.Orders.AsNoTracking().Where(o => users.Contains(o.User))
            .GroupBy(o => o.User).Select(g => new { g.Key, Begin = g.Min(o => o.BeginTime) })
            .ToDictionaryAsync(g => g.Key, g => g.Begin, StringComparer.Ordinal, ct);
        // The month each tenant goes on from: the one after their latest statement, or that of their first order.
        var next = users.ToDictionary(u => u, u => calendar.Of(lastEnds.TryGetValue(u, out var end) ? end : firstOrders[u]), StringComparer.Ordinal);
        var earliest = next.Values.Min(m => m.Begin);
        var orders = (await db.Orders.AsNoTracking()
                .Where(o => users.Contains(o.User) && (o.Status == OrderStatus.Active || o.EndTime == null || o.EndTime > earliest))
                .ToListAsync(ct))
            .ToLookup(o => o.User, StringComparer.Ordinal);
        var pending = (await ledger.PendingLateRowsAsync(users, ct)).ToLookup(p => p.Row.User, StringComparer.Ordinal);
        var delivered = new HashSet<string>(StringComparer.Ordinal);

        var closed = new List<Statement>();
        var open = users.Where(u => next[u].End + StatementRules.Grace <= now).ToList();
        while (open.Count > 0)
        {
            // Per tenant: the next month that gets a statement, if it may close now; the others wait for a later run.
            var due = new List<(string User, StatementMonth Month)>();
            foreach (var group in open.GroupBy(u => next[u]))
            {
                var firstRows = await ledger.FirstRowsAsync(group.ToList(), group.Key.Begin, upTo, ct);
                foreach (var user in group)
                {
                    var late = delivered.Contains(user) ? [] : pending[user].Select(p => p.FoundAt);
                    var month = StatementRules.NextMonth(calendar, next[user], firstRows.TryGetValue(user, out var t) ? t : null, orders[user], late);
                    if (month is not null && StatementRules.CanClose(month, orders[user], now)) due.Add((user, month));
                }
            }
            foreach (var group in due.GroupBy(d => d.Month).OrderBy(g => g.Key.Begin))
            {
                var month = group.Key;
                var monthUsers = group.Select(d => d.User).OrderBy(u => u, StringComparer.Ordinal).ToList();
                var usage = (await ledger.UsageGroupsAsync(monthUsers, month, upTo, ct)).ToLookup(g => g.User, StringComparer.Ordinal);
                var overlapping = (await ledger.OverlappingRowsAsync(monthUsers, month, upTo, ct)).ToLookup(r => r.User, StringComparer.Ordinal);
                foreach (var user in monthUsers)
                {
                    IEnumerable<UsageRecord> late = delivered.Add(user) ? pending[user].Select(p => p.Row) : [];
                    closed.Add(StatementRules.Build(user, month, Options.Currency, calendar, usage[user], overlapping[user], late));
                    next[user] = calendar.Next(month);
                }
            }
            open = due.Select(d => d.User).Where(u => next[u].End + StatementRules.Grace <= now).ToList();
        }
        return closed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} statements ({First} to {Last})")]
    private static partial void LogClosed(ILogger logger, int count, string first, string last);
}
