using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Billing;

/// <summary>One order's rows whose BEGIN_TIME lies in [<paramref name="From"/>, <paramref name="To"/>).</summary>
public readonly record struct OrderSpan(string OrderId, DateTime From, DateTime To);

/// <summary>
/// The exact daily rollups (DF_USAGE_DAILY per order and UTC day, DF_USAGE_DAILY_USER per user and UTC day) and the one
/// rule of what they hold: the rows that begin and end inside one UTC day, summed. Every writer of DF_USAGE_HISTORY
/// calls this in the transaction that writes or deletes the rows, so the rollups never disagree with the ledger
/// (ADR 0014): billing batches through <see cref="DailyRollupRecorder"/>, tracked writes through
/// <see cref="SaveAsync"/>, deletions through <see cref="DeleteAsync"/>. Set-based SQL from the rows themselves; table
/// and column names and stored values from the EF model.
/// </summary>
public static class DailyRollups
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;
    private const int IdsPerList = 500;
    private static readonly ChargeKind[] Kinds = Enum.GetValues<ChargeKind>();

    /// <summary>The UTC day holding <paramref name="t"/> (its first instant).</summary>
    public static DateTime DayOf(DateTime t) => new(t.Ticks - t.Ticks % TicksPerDay, DateTimeKind.Utc);

    /// <summary>The first day boundary at or after <paramref name="t"/>.</summary>
    public static DateTime CeilDay(DateTime t) => t.Ticks % TicksPerDay == 0 ? DayOf(t) : DayOf(t).AddTicks(TicksPerDay);

    /// <summary>Whether a row [begin, end) lies inside one UTC day, so a rollup holds it (every usage row does).</summary>
    public static bool InOneDay(DateTime begin, DateTime end) => end.Ticks <= DayOf(begin).Ticks + TicksPerDay;

    /// <summary>Adds the rows of these spans (of the given kinds: all by default), just written in the caller's transaction.</summary>
    public static Task AddAsync(ServiceUsageDbContext db, IReadOnlyCollection<OrderSpan> spans, CancellationToken ct, IReadOnlyCollection<ChargeKind>? kinds = null) =>
        spans.Count == 0 ? Task.CompletedTask : ApplyAsync(db, Spans(db, spans, kinds ?? Kinds), +1, ct);

    /// <summary>
    /// Saves the context's tracked changes and adds the ledger rows among them to the rollups, in one transaction (the
    /// caller's, or one of its own): what order changes and other tracked writers of DF_USAGE_HISTORY call.
    /// </summary>
    public static async Task SaveAsync(ServiceUsageDbContext db, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<UsageRecord>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0)
        {
            await db.SaveChangesOrConflictAsync(ct);
            return;
        }
        await InTransactionAsync(db, async token =>
        {
            await db.SaveChangesOrConflictAsync(token, acceptAllChanges: false);
            await ApplyAsync(db, Keys(db, added), +1, token);
        }, ct);
        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>Deletes ledger rows and takes them out of the rollups, in one transaction (the caller's, or one of its own).</summary>
    public static Task DeleteAsync(ServiceUsageDbContext db, IQueryable<UsageRecord> rows, CancellationToken ct) =>
        InTransactionAsync(db, async token =>
        {
            var ids = await rows.Select(r => r.UsageId).ToListAsync(token);
            foreach (var chunk in ids.Chunk(1000))
            {
                await ApplyAsync(db, Ids(db, chunk), -1, token);
                await db.UsageHistory.Where(u => chunk.Contains(u.UsageId)).ExecuteDeleteAsync(token);
            }
        }, ct);

    /// <summary>
    /// Makes the rollups of these orders over the days [<paramref name="fromDay"/>, <paramref name="toDay"/>) equal to the
    /// ledger, whatever they held: takes what the order rows held out of the user rows, then sums the ledger again. The
    /// caller's transaction must hold the orders (a locking read) so no writer of their rows runs meanwhile.
    /// </summary>
    public static async Task RebuildAsync(ServiceUsageDbContext db, IReadOnlyCollection<string> orderIds, DateTime fromDay, DateTime toDay, CancellationToken ct)
    {
        if (orderIds.Count == 0) return;
        var sql = SqlOf(db);
        var t = LedgerTables.For(db);
        var (daily, user) = (t.Daily, t.DailyUser);
        var p = new Params();
        var where = $"{daily[d => d.OrderId].Name} IN ({p.List(orderIds, t.Usage[u => u.OrderId])}) AND {daily[d => d.Day].Name} >= {p.Add(fromDay, t.Usage[u => u.BeginTime])} AND {daily[d => d.Day].Name} < {p.Add(toDay, t.Usage[u => u.BeginTime])}";
        var (dUser, dDay, dPay, dRows) = (daily[d => d.User].Name, daily[d => d.Day].Name, daily[d => d.Payment].Name, daily[d => d.Rows].Name);
        var takeOut = $"INSERT INTO {user.Name} ({user[d => d.User].Name}, {user[d => d.Day].Name}, {user[d => d.Payment].Name}, {user[d => d.Rows].Name}) " +
                      $"SELECT {dUser}, {dDay}, -SUM({dPay}), -SUM({dRows}) FROM {daily.Name} WHERE {where} GROUP BY {dUser}, {dDay} " +
                      sql.AddOnConflict(user.Name, [user[d => d.User].Name, user[d => d.Day].Name], user[d => d.Payment].Name, user[d => d.Rows].Name);
        var orders = t.Orders;
        var emptied = $"DELETE FROM {user.Name} WHERE {user[d => d.Rows].Name} = 0 AND {user[d => d.User].Name} IN " +
                      $"(SELECT {orders[o => o.User].Name} FROM {orders.Name} WHERE {orders[o => o.OrderId].Name} IN ({p.List(orderIds, orders[o => o.OrderId])}))";
        await db.Database.ExecuteSqlRawAsync(takeOut + ";\nDELETE FROM " + daily.Name + " WHERE " + where, p.Values, ct);
        await ApplyAsync(db, Spans(db, orderIds.Select(id => new OrderSpan(id, fromDay, toDay)).ToList(), Kinds), +1, ct);
        await db.Database.ExecuteSqlRawAsync(emptied, p.Values, ct);
    }

    /// <summary>The check's side: the ledger's one-day rows of these orders summed per order and day (@p0… parameters).</summary>
    internal static (string Sql, IReadOnlyList<(string Name, object Value)> Parameters) LedgerDaysSql(ServiceUsageDbContext db, IReadOnlyCollection<string> orderIds)
    {
        var sql = SqlOf(db);
        var usage = LedgerTables.For(db).Usage;
        var p = new Params();
        var (uOrder, uBegin, uEnd, uPay) = (usage[u => u.OrderId].Name, usage[u => u.BeginTime].Name, usage[u => u.EndTime].Name, usage[u => u.Payment].Name);
        var text = $"SELECT {uOrder}, {sql.Day(uBegin)}, SUM({uPay}), COUNT(*) FROM {usage.Name} " +
                   $"WHERE {uOrder} IN ({p.List(orderIds, usage[u => u.OrderId])}) AND {sql.InOneDay(uBegin, uEnd)} GROUP BY {uOrder}, {sql.Day(uBegin)}";
        return (Regex.Replace(text, @"\{(\d+)\}", "@p$1"), p.Values.Select((v, i) => ($"@p{i}", v)).ToList());
    }

    /// <summary>Adds (sign +1) or takes out (−1) the rows the filter selects, to both rollups.</summary>
    private static async Task ApplyAsync(ServiceUsageDbContext db, Filter filter, int sign, CancellationToken ct)
    {
        var sql = SqlOf(db);
        var t = LedgerTables.For(db);
        var (daily, user, usage) = (t.Daily, t.DailyUser, t.Usage);
        var (uUser, uOrder, uBegin, uEnd, uPay) = (usage[u => u.User].Name, usage[u => u.OrderId].Name, usage[u => u.BeginTime].Name, usage[u => u.EndTime].Name, usage[u => u.Payment].Name);
        var day = sql.Day(uBegin);
        var rows = $"FROM {usage.Name}{(filter.ByChargeKey ? sql.ChargeKeyHint(db) : "")} WHERE ({filter.Where}) AND {sql.InOneDay(uBegin, uEnd)}";
        var s = sign < 0 ? "-" : "";
        var perOrder = $"INSERT INTO {daily.Name} ({daily[d => d.User].Name}, {daily[d => d.OrderId].Name}, {daily[d => d.Day].Name}, {daily[d => d.Payment].Name}, {daily[d => d.Rows].Name}) " +
                       $"SELECT {uUser}, {uOrder}, {day}, {s}SUM({uPay}), {s}COUNT(*) {rows} GROUP BY {uUser}, {uOrder}, {day} " +
                       sql.AddOnConflict(daily.Name, [daily[d => d.OrderId].Name, daily[d => d.Day].Name], daily[d => d.Payment].Name, daily[d => d.Rows].Name);
        var perUser = $"INSERT INTO {user.Name} ({user[d => d.User].Name}, {user[d => d.Day].Name}, {user[d => d.Payment].Name}, {user[d => d.Rows].Name}) " +
                      $"SELECT {uUser}, {day}, {s}SUM({uPay}), {s}COUNT(*) {rows} GROUP BY {uUser}, {day} " +
                      sql.AddOnConflict(user.Name, [user[d => d.User].Name, user[d => d.Day].Name], user[d => d.Payment].Name, user[d => d.Rows].Name);
        var text = perOrder + ";\n" + perUser;
        if (sign < 0) // a day whose rows are all gone keeps no row
            text += $";\nDELETE FROM {daily.Name} WHERE {daily[d => d.Rows].Name} = 0 AND {daily[d => d.OrderId].Name} IN (SELECT {uOrder} {rows})" +
                    $";\nDELETE FROM {user.Name} WHERE {user[d => d.Rows].Name} = 0 AND {user[d => d.User].Name} IN (SELECT {uUser} {rows})";
        await db.Database.ExecuteSqlRawAsync(text, filter.P.Values, ct);
    }

    /// <summary>What a rollup change reads: a condition on DF_USAGE_HISTORY, its parameters, and whether it is a range of the charge key.</summary>
    private sealed record Filter(string Where, Params P, bool ByChargeKey);

    /// <summary>
    /// Rows of each span, as ranges of the charge key (ORDER_ID, KIND, BEGIN_TIME): one group per distinct span, IN lists
    /// of at most <see cref="IdsPerList"/> (MariaDB turns longer ones into a join that reads every row of each order).
    /// </summary>
    private static Filter Spans(ServiceUsageDbContext db, IReadOnlyCollection<OrderSpan> spans, IReadOnlyCollection<ChargeKind> kinds)
    {
        var usage = LedgerTables.For(db).Usage;
        var p = new Params();
        var kindList = p.List(kinds, usage[u => u.Kind]);
        var (order, kind, begin) = (usage[u => u.OrderId].Name, usage[u => u.Kind].Name, usage[u => u.BeginTime].Name);
        var where = string.Join(" OR ", spans.GroupBy(s => (s.From, s.To)).Select(g =>
            $"(({string.Join(" OR ", g.Select(s => s.OrderId).Distinct().Chunk(IdsPerList).Select(ids => $"{order} IN ({p.List(ids, usage[u => u.OrderId])})"))}) " +
            $"AND {kind} IN ({kindList}) AND {begin} >= {p.Add(g.Key.From, usage[u => u.BeginTime])} AND {begin} < {p.Add(g.Key.To, usage[u => u.BeginTime])})"));
        return new Filter(where, p, ByChargeKey: true);
    }

    /// <summary>Exactly these rows, by the charge key (ORDER_ID, KIND, BEGIN_TIME): known before the database numbers them.</summary>
    private static Filter Keys(ServiceUsageDbContext db, IEnumerable<UsageRecord> rows)
    {
        var usage = LedgerTables.For(db).Usage;
        var p = new Params();
        var where = string.Join(" OR ", rows.GroupBy(r => (r.OrderId, r.Kind)).Select(g =>
            $"({usage[u => u.OrderId].Name} = {p.Add(g.Key.OrderId, usage[u => u.OrderId])} AND {usage[u => u.Kind].Name} = {p.Add(g.Key.Kind, usage[u => u.Kind])} " +
            $"AND {usage[u => u.BeginTime].Name} IN ({p.List(g.Select(r => r.BeginTime), usage[u => u.BeginTime])}))"));
        return new Filter(where, p, ByChargeKey: true);
    }

    private static Filter Ids(ServiceUsageDbContext db, IEnumerable<long> ids)
    {
        var usage = LedgerTables.For(db).Usage;
        var p = new Params();
        return new Filter($"{usage[u => u.UsageId].Name} IN ({p.List(ids, usage[u => u.UsageId])})", p, ByChargeKey: false);
    }

    private static async Task InTransactionAsync(ServiceUsageDbContext db, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await work(ct);
            return;
        }
        if (db.Database.IsSqlite())
        {
            // Deferred, as SaveChanges' own transaction is: the write lock is taken by the first write, not at BEGIN,
            // so a writer that commits meanwhile makes this save a concurrency conflict rather than a locked database.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var deferred = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
                await using var transaction = await db.Database.UseTransactionAsync(deferred, ct);
                await work(ct);
                await transaction!.CommitAsync(ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            return;
        }
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await work(token);
            await transaction.CommitAsync(token);
        }, ct);
    }

    private static ProviderSql SqlOf(ServiceUsageDbContext db) => db.Database.IsSqlite() ? ProviderSql.Sqlite : ProviderSql.MySql;

    /// <summary>Raw-SQL parameters ({0}, {1}, …) holding values as the model stores them.</summary>
    private sealed class Params
    {
        private readonly List<object?> _values = [];

        public object[] Values => _values.Select(v => v ?? DBNull.Value).ToArray();

        public string Add<T>(object? value, LedgerTables.Column<T> column)
        {
            // As stored: SQLite keeps times as ticks and money as 1/10000 units; MySQL compares the DATETIME(6) text.
            _values.Add(column.Store(value));
            return "{" + (_values.Count - 1) + "}";
        }

        public string List<TValue, T>(IEnumerable<TValue> values, LedgerTables.Column<T> column)
        {
            var names = values.Select(v => Add<T>(v, column)).ToList();
            return names.Count == 0 ? "NULL" : string.Join(",", names);
        }
    }

    /// <summary>What differs between the two databases: the day of a time, the one-day test, and the upsert.</summary>
    private sealed record ProviderSql(
        Func<string, string> Day, Func<string, string, string> InOneDay, Func<string, string[], string, string, string> AddOnConflict, bool HintsIndex)
    {
        /// <summary>
        /// MySQL: read a batch's rows through the charge key's index whatever the optimizer estimates (with the rows of a
        /// batch just written, a small or young table can make it pick a scan of the whole ledger).
        /// </summary>
        public string ChargeKeyHint(ServiceUsageDbContext db)
        {
            if (!HintsIndex) return "";
            var index = db.Model.FindEntityType(typeof(UsageRecord))!.GetIndexes()
                .Single(i => i.IsUnique && i.Properties.Select(p => p.Name).SequenceEqual([nameof(UsageRecord.OrderId), nameof(UsageRecord.Kind), nameof(UsageRecord.BeginTime)]));
            return $" FORCE INDEX ({LedgerTables.For(db).Usage.Delimit(index.GetDatabaseName()!)})";
        }

        public static readonly ProviderSql MySql = new(
            begin => $"DATE({begin})",
            (begin, end) => $"{end} <= DATE({begin}) + INTERVAL 1 DAY",
            (table, _, pay, rows) => $"ON DUPLICATE KEY UPDATE {pay} = {table}.{pay} + VALUES({pay}), {rows} = {table}.{rows} + VALUES({rows})",
            HintsIndex: true);

        // SQLite keeps UTC ticks: a day is a multiple of TimeSpan.TicksPerDay.
        public static readonly ProviderSql Sqlite = new(
            begin => $"({begin} - {begin} % {TicksPerDay})",
            (begin, end) => $"{end} <= {begin} - {begin} % {TicksPerDay} + {TicksPerDay}",
            (_, key, pay, rows) => $"ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET {pay} = {pay} + excluded.{pay}, {rows} = {rows} + excluded.{rows}",
            HintsIndex: false);
    }
}
