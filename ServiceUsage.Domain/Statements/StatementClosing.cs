using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Statements;

/// <summary>What one closing run did.</summary>
public sealed record ClosingResult(int TenantsSeen, int StatementsClosed, decimal Charged, int LateRowsFound, string? FirstNumber, string? LastNumber)
{
    public static readonly ClosingResult Empty = new(0, 0, 0m, 0, null, null);

    /// <summary>The run record's report.</summary>
    public string Summary =>
        $"Looked at {TenantsSeen} tenants: closed {StatementsClosed} statements" +
        (StatementsClosed == 0 ? "" : $" ({FirstNumber} to {LastNumber}) charging {Money.Format(Charged)}") +
        $"; {LateRowsFound} late rows found.";
}

/// <summary>
/// Closes every tenant's months that may close (BILLING.md "Statements"; docs/adr/0009). A run (1) locks the
/// deployment's statement counter row, takes the ledger's highest USAGE_ID and records the rows since the last run that
/// begin in an already closed month as late; (2) reads, in one snapshot, what the due months need: the tenants' orders,
/// their late rows and each month's usage lines in one grouped pass over the month; (3) stores the statements in
/// batches of <see cref="BillingOptions.BatchSize"/>, each batch one transaction that takes the counter row's lock and
/// the next numbers and records a <c>statement.closed</c> event per statement, so numbers are gapless in closing order whatever runs at once. A second closer racing it meets the
/// (tenant, month) unique key, rolls its batch back and stops; re-running finds nothing more to close.
/// </summary>
public sealed partial class StatementClosing(
    ServiceUsageDbContext db, StatementLedger ledger, TimeProvider clock, IOptions<BillingOptions> options, ILogger<StatementClosing> logger)
{
    /// <summary>Below this many tenants closing one month, their lines are read by tenant rather than in one pass over the month.</summary>
    private const int MonthPassThreshold = 200;

    private BillingOptions Options => options.Value;

    /// <param name="run">The job's run record, when run by the job: each stored batch adds its counts to it in its transaction.</param>
    public async Task<ClosingResult> CloseDueAsync(DateTime? asOf = null, BillingRunContext? run = null, CancellationToken ct = default)
    {
        var now = BillingTime.Normalize(asOf ?? BillingTime.Now(clock));
        var (upTo, late) = await ScanAsync(now, ct);
        var (tenants, due) = await PlanAsync(now, upTo, ct);
        var closed = new List<Statement>();
        foreach (var batch in due.Chunk(Options.BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            var counts = new ChargeResult(batch.Length, batch.Length, batch.Sum(s => s.Charged));
            if (!await StoreAsync(batch, now, upTo, run is null ? null : (db, token) => run.AddAsync(db, counts, token), ct)) break;
            run?.Committed(counts);
            closed.AddRange(batch);
        }
        return new ClosingResult(tenants, closed.Count, closed.Sum(s => s.Charged), late, closed.FirstOrDefault()?.Number, closed.LastOrDefault()?.Number);
    }

    /// <summary>Step 1: the run's highest USAGE_ID, and the rows since the last run that arrived in closed months.</summary>
    private Task<(long UpTo, int Late)> ScanAsync(DateTime now, CancellationToken ct) =>
        InTransactionAsync(async token =>
        {
            var state = await LockStateAsync(token);
            var upTo = await db.UsageHistory.MaxAsync(u => (long?)u.UsageId, token) ?? 0;
            if (upTo <= state.ScannedThrough) return (state.ScannedThrough, 0);
            var late = await ledger.RecordLateRowsAsync(state.ScannedThrough, upTo, now, token);
            state.ScannedThrough = upTo;
            await db.SaveChangesAsync(token);
            return (upTo, late);
        }, ct);

    /// <summary>Step 2: every statement that may close now, built from one snapshot, in closing order (month, then tenant).</summary>
    private Task<(int Tenants, List<Statement> Due)> PlanAsync(DateTime now, long upTo, CancellationToken ct) =>
        InTransactionAsync(async token =>
        {
            var calendar = Options.Calendar();
            var lastEnds = await db.Statements.AsNoTracking().GroupBy(s => s.User).Select(g => new { g.Key, End = g.Max(s => s.PeriodEnd) })
                .ToDictionaryAsync(g => g.Key, g => g.End, StringComparer.Ordinal, token);
            var firstOrders = await db.Orders.AsNoTracking().GroupBy(o => o.User).Select(g => new { g.Key, Begin = g.Min(o => o.BeginTime) })
                .ToDictionaryAsync(g => g.Key, g => g.Begin, StringComparer.Ordinal, token);
            // The month each tenant goes on from: the one after their latest statement, or that of their first order.
            var next = firstOrders.ToDictionary(p => p.Key, p => calendar.Of(lastEnds.TryGetValue(p.Key, out var end) ? end : p.Value), StringComparer.Ordinal);
            var open = next.Keys.Where(u => next[u].End + StatementRules.Grace <= now).ToList();
            if (open.Count == 0) return (firstOrders.Count, new List<Statement>());
            var earliest = open.Min(u => next[u].Begin);
            var orders = (await db.Orders.AsNoTracking()
                    .Where(o => o.Status == OrderStatus.Active || o.EndTime == null || o.EndTime >= earliest).ToListAsync(token))
                .ToLookup(o => o.User, StringComparer.Ordinal);
            var pending = (await ledger.PendingLateRowsAsync(null, token)).ToLookup(p => p.Row.User, StringComparer.Ordinal);
            var delivered = new HashSet<string>(StringComparer.Ordinal);

            var due = new List<Statement>();
            while (open.Count > 0)
            {
                var closing = new List<(string User, StatementMonth Month)>();
                foreach (var user in open)
                {
                    var lateFound = delivered.Contains(user) ? [] : pending[user].Select(p => p.FoundAt);
                    var month = StatementRules.NextMonth(calendar, next[user], orders[user], lateFound);
                    if (month is not null && StatementRules.CanClose(month, orders[user], now)) closing.Add((user, month));
                }
                foreach (var group in closing.GroupBy(c => c.Month).OrderBy(g => g.Key.Begin))
                {
                    var month = group.Key;
                    var users = group.Select(c => c.User).OrderBy(u => u, StringComparer.Ordinal).ToList();
                    var usage = (await ledger.UsageGroupsAsync(users.Count < MonthPassThreshold ? users : null, month, upTo, token))
                        .ToLookup(g => g.User, StringComparer.Ordinal);
                    foreach (var chunk in users.Chunk(Options.BatchSize))
                    {
                        var overlapping = (await ledger.OverlappingRowsAsync(chunk, month, upTo, token)).ToLookup(r => r.User, StringComparer.Ordinal);
                        foreach (var user in chunk)
                        {
                            IEnumerable<UsageRecord> late = delivered.Add(user) ? pending[user].Select(p => p.Row) : [];
                            due.Add(StatementRules.Build(user, month, Options.Currency, calendar, usage[user], overlapping[user], late));
                            next[user] = calendar.Next(month);
                        }
                    }
                }
                open = closing.Select(c => c.User).Where(u => next[u].End + StatementRules.Grace <= now).ToList();
            }
            return (firstOrders.Count, due);
        }, ct);

    /// <summary>Step 3: one batch, numbered under the counter row's lock; false when another closer got there first.</summary>
    private async Task<bool> StoreAsync(
        Statement[] batch, DateTime now, long upTo, Func<ServiceUsageDbContext, CancellationToken, Task>? record, CancellationToken ct)
    {
        try
        {
            await InTransactionAsync(async token =>
            {
                var state = await LockStateAsync(token);
                foreach (var s in batch)
                {
                    s.Sequence = state.NextSequence++;
                    s.Number = StatementRules.FormatNumber(Options.StatementPrefix, Options.Calendar().Of(s.PeriodBegin), s.Sequence);
                    s.ClosedAt = now;
                    s.LastUsageId = upTo;
                    s.ContentHash = StatementHash.Compute(s);
                }
                if (db.Database.IsMySql())
                {
                    foreach (var s in batch) foreach (var l in s.Lines) l.StatementSequence = s.Sequence;
                    await BulkInsert.InsertAsync(db, batch, token);
                    await BulkInsert.InsertAsync(db, batch.SelectMany(s => s.Lines).ToList(), token);
                }
                else
                {
                    db.Statements.AddRange(batch);
                }
                await db.SaveChangesAsync(token); // the counter row (and, on SQLite, the statements)
                await EventOutbox.InsertAsync(db, batch.Select(s =>
                    EventOutbox.Create(EventTypes.StatementClosed, s.User, s.Number!, StatementResponse.From(s), now)).ToList(), token);
                if (record is not null) await record(db, token);
                return true;
            }, ct);
            LogClosed(logger, batch.Length, batch[0].Number!, batch[^1].Number!);
            return true;
        }
        catch (Exception ex) when (ex is DbUpdateException update && DbContextExtensions.IsUniqueViolation(update)
            || ex is MySqlConnector.MySqlException { ErrorCode: MySqlConnector.MySqlErrorCode.DuplicateKeyEntry }
            || ex is BillingException { Error: BillingError.Conflict })
        {
            LogRaced(logger);
            return false;
        }
    }

    private async Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(token);
                var result = await work(token);
                await tx.CommitAsync(token);
                return result;
            }, ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The counter row, locked for this transaction (SQLite's write transaction already excludes other writers).</summary>
    private async Task<StatementState> LockStateAsync(CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return await db.StatementState.SingleAsync(s => s.Id == StatementState.SingletonId, ct);
        // Names from the model, not from input: the one concatenation here is safe.
        var entity = db.Model.FindEntityType(typeof(StatementState))!;
        var sql = "SELECT * FROM `" + entity.GetTableName() + "` WHERE `" + entity.FindProperty(nameof(StatementState.Id))!.GetColumnName() + "` = {0} FOR UPDATE";
        return await db.StatementState.FromSqlRaw(sql, StatementState.SingletonId).SingleAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} statements ({First} to {Last})")]
    private static partial void LogClosed(ILogger logger, int count, string first, string last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another closing run stored these months first; this run stops (nothing of its batch was kept)")]
    private static partial void LogRaced(ILogger logger);
}
