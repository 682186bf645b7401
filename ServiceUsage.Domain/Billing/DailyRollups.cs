using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Billing;

/// <summary>One order's rows whose BEGIN_TIME lies in [<paramref name="From"/>, <paramref name="To"/>).</summary>
public readonly record struct OrderSpan(string OrderId, DateTime From, DateTime To);

/// <summary>One order's rows of one UTC day that the rollups hold (those inside the day), summed.</summary>
public readonly record struct DayTotal(string User, string OrderId, DateTime Day, decimal Payment, int Rows);

/// <summary>
/// Sums rows per order and UTC day while a writer writes them, so the rollups get the sums without reading the rows
/// back; only rows inside one day count (<see cref="DailyRollups.InOneDay"/>). Holds one entry per order-day.
/// </summary>
public sealed class DayTotals
{
    private readonly List<DayTotal> _days = [];

    public void Add(UsageRecord row)
    {
        if (!DailyRollups.InOneDay(row.BeginTime, row.EndTime)) return;
        var day = DailyRollups.DayOf(row.BeginTime);
        // Rows come in time order, so the day is the last one, or new.
        var i = _days.Count - 1;
        while (i >= 0 && !(_days[i].Day == day && _days[i].OrderId == row.OrderId && _days[i].User == row.User)) i--;
        if (i < 0) _days.Add(new DayTotal(row.User, row.OrderId, day, row.Payment, 1));
        else _days[i] = _days[i] with { Payment = _days[i].Payment + row.Payment, Rows = _days[i].Rows + 1 };
    }

    public IReadOnlyList<DayTotal> ToList() => _days.ToArray();

    public static IReadOnlyList<DayTotal> Of(IEnumerable<UsageRecord> rows)
    {
        var totals = new DayTotals();
        foreach (var row in rows) totals.Add(row);
        return totals.ToList();
    }
}

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
    private const int TotalsPerStatement = 1000;
    private static readonly ChargeKind[] Kinds = Enum.GetValues<ChargeKind>();

    /// <summary>The UTC day holding <paramref name="t"/> (its first instant).</summary>
    public static DateTime DayOf(DateTime t) => new(t.Ticks - t.Ticks % TicksPerDay, DateTimeKind.Utc);

    /// <summary>The first day boundary at or after <paramref name="t"/>.</summary>
    public static DateTime CeilDay(DateTime t) => t.Ticks % TicksPerDay == 0 ? DayOf(t) : DayOf(t).AddTicks(TicksPerDay);

    /// <summary>Whether a row [begin, end) lies inside one UTC day, so a rollup holds it (every usage row does).</summary>
    public static bool InOneDay(DateTime begin, DateTime end) => end.Ticks <= DayOf(begin).Ticks + TicksPerDay;

    /// <summary>
    /// Adds day sums of rows just written in the caller's transaction (<see cref="DayTotals"/>): multi-row upserts of
    /// the values sent in one command, no read of the rows. Every value is a literal (text as hexadecimal bytes, so
    /// nothing in it can be read as SQL; numbers and times as stored): a parameter each would cost more than the value.
    /// Each table's keys go in ascending order, so two writers adding to the same user's days take their locks in one
    /// order and wait for each other rather than deadlock.
    /// </summary>
    public static async Task AddTotalsAsync(ServiceUsageDbContext db, IReadOnlyCollection<DayTotal> days, CancellationToken ct)
    {
        if (days.Count == 0) return;
        var sql = SqlOf(db);
        var t = LedgerTables.For(db);
        var (daily, user) = (t.Daily, t.DailyUser);
        var (oUser, oOrder, oDay, oPay, oRows) = (daily[d => d.User], daily[d => d.OrderId], daily[d => d.Day], daily[d => d.Payment], daily[d => d.Rows]);
        var (uUser, uDay, uPay, uRows) = (user[d => d.User], user[d => d.Day], user[d => d.Payment], user[d => d.Rows]);

        var perOrder = days.ToList();
        perOrder.Sort((x, y) => string.CompareOrdinal(x.OrderId, y.OrderId) is var c and not 0 ? c : x.Day.CompareTo(y.Day));
        var perUser = new Dictionary<(string User, DateTime Day), (decimal Payment, int Rows)>();
        foreach (var d in perOrder)
            perUser[(d.User, d.Day)] = perUser.TryGetValue((d.User, d.Day), out var sum) ? (sum.Payment + d.Payment, sum.Rows + d.Rows) : (d.Payment, d.Rows);
        var userDays = perUser.ToList();
        userDays.Sort((x, y) => string.CompareOrdinal(x.Key.User, y.Key.User) is var c and not 0 ? c : x.Key.Day.CompareTo(y.Key.Day));

        var text = new StringBuilder();
        Upserts(text, $"INSERT INTO {daily.Name} ({oUser.Name}, {oOrder.Name}, {oDay.Name}, {oPay.Name}, {oRows.Name}) VALUES ",
            sql.AddOnConflict(daily.Name, [oOrder.Name, oDay.Name], oPay.Name, oRows.Name), perOrder, d =>
                [sql.Text(d.User), sql.Text(d.OrderId), Literal(d.Day, oDay), Literal(d.Payment, oPay), Literal(d.Rows, oRows)]);
        Upserts(text, $"INSERT INTO {user.Name} ({uUser.Name}, {uDay.Name}, {uPay.Name}, {uRows.Name}) VALUES ",
            sql.AddOnConflict(user.Name, [uUser.Name, uDay.Name], uPay.Name, uRows.Name), userDays, d =>
                [sql.Text(d.Key.User), Literal(d.Key.Day, uDay), Literal(d.Value.Payment, uPay), Literal(d.Value.Rows, uRows)]);
        await LedgerSql.ExecuteAsync(db, text.ToString(), new SqlArguments(), ct); // one round trip
    }

    /// <summary>Multi-row upserts of <paramref name="rows"/>, at most <see cref="TotalsPerStatement"/> a statement, each row's values from <paramref name="values"/>.</summary>
    private static void Upserts<TRow>(StringBuilder text, string insert, string onConflict, IReadOnlyList<TRow> rows, Func<TRow, string[]> values)
    {
        for (var first = 0; first < rows.Count; first += TotalsPerStatement)
        {
            text.Append(insert);
            for (var k = first; k < Math.Min(first + TotalsPerStatement, rows.Count); k++)
                text.Append(k == first ? "(" : ",(").AppendJoin(',', values(rows[k])).Append(')');
            text.Append(' ').Append(onConflict).Append(";\n");
        }
    }

    /// <summary>A number or time as stored, as an SQL literal: an integer, a decimal, or MySQL's DATETIME(6) text (digits and separators only).</summary>
    private static string Literal<T>(object value, LedgerTables.Column<T> column) => column.Store(value) switch
    {
        string time when value is DateTime => "'" + time + "'",
        IFormattable number and (long or int or decimal) => number.ToString(null, CultureInfo.InvariantCulture),
        var other => throw new InvalidOperationException($"{other?.GetType().Name} is not a number or a time."),
    };

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
        var p = new SqlArguments();
        var where = $"{daily[d => d.OrderId].Name} IN ({p.List(orderIds, t.Usage[u => u.OrderId])}) AND {daily[d => d.Day].Name} >= {p.Add(fromDay, t.Usage[u => u.BeginTime])} AND {daily[d => d.Day].Name} < {p.Add(toDay, t.Usage[u => u.BeginTime])}";
        var (dUser, dDay, dPay, dRows) = (daily[d => d.User].Name, daily[d => d.Day].Name, daily[d => d.Payment].Name, daily[d => d.Rows].Name);
        var takeOut = $"INSERT INTO {user.Name} ({user[d => d.User].Name}, {user[d => d.Day].Name}, {user[d => d.Payment].Name}, {user[d => d.Rows].Name}) " +
                      $"SELECT {dUser}, {dDay}, -SUM({dPay}), -SUM({dRows}) FROM {daily.Name} WHERE {where} GROUP BY {dUser}, {dDay} " +
                      sql.AddOnConflict(user.Name, [user[d => d.User].Name, user[d => d.Day].Name], user[d => d.Payment].Name, user[d => d.Rows].Name);
        var orders = t.Orders;
        var emptied = $"DELETE FROM {user.Name} WHERE {user[d => d.Rows].Name} = 0 AND {user[d => d.User].Name} IN " +
                      $"(SELECT {orders[o => o.User].Name} FROM {orders.Name} WHERE {orders[o => o.OrderId].Name} IN ({p.List(orderIds, orders[o => o.OrderId])}))";
        await LedgerSql.ExecuteAsync(db, takeOut + ";\nDELETE FROM " + daily.Name + " WHERE " + where, p, ct);
        await ApplyAsync(db, Spans(db, orderIds.Select(id => new OrderSpan(id, fromDay, toDay)).ToList(), Kinds), +1, ct);
        await LedgerSql.ExecuteAsync(db, emptied, p, ct);
    }

    /// <summary>The check's side: the ledger's one-day rows of these orders summed per order and day, by the rule above.</summary>
    internal static Task<List<DayTotal>> LedgerDaysAsync(ServiceUsageDbContext db, IReadOnlyCollection<string> orderIds, CancellationToken ct)
    {
        var sql = SqlOf(db);
        var usage = LedgerTables.For(db).Usage;
        var p = new SqlArguments();
        var (user, order, begin, pay) = (usage[u => u.User], usage[u => u.OrderId], usage[u => u.BeginTime], usage[u => u.Payment]);
        var text = $"SELECT {user.Name}, {order.Name}, {sql.Day(begin.Name)}, SUM({pay.Name}), COUNT(*) FROM {usage.Name} " +
                   $"WHERE {order.Name} IN ({p.List(orderIds, order)}) AND {sql.InOneDay(begin.Name, usage[u => u.EndTime].Name)} " +
                   $"GROUP BY {user.Name}, {order.Name}, {sql.Day(begin.Name)}";
        return LedgerSql.ReadAsync(db, text, p, async (reader, token) =>
        {
            var days = new List<DayTotal>();
            while (await reader.ReadAsync(token))
                days.Add(new DayTotal(user.Read<string>(reader, 0), order.Read<string>(reader, 1), begin.Read<DateTime>(reader, 2),
                    pay.Read<decimal>(reader, 3), Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture)));
            return days;
        }, ct);
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
        await LedgerSql.ExecuteAsync(db, text, filter.P, ct);
    }

    /// <summary>What a rollup change reads: a condition on DF_USAGE_HISTORY, its parameters, and whether it is a range of the charge key.</summary>
    private sealed record Filter(string Where, SqlArguments P, bool ByChargeKey);

    /// <summary>
    /// Rows of each span, as ranges of the charge key (ORDER_ID, KIND, BEGIN_TIME): one group per distinct span, IN lists
    /// of at most <see cref="IdsPerList"/> (MariaDB turns longer ones into a join that reads every row of each order).
    /// </summary>
    private static Filter Spans(ServiceUsageDbContext db, IReadOnlyCollection<OrderSpan> spans, IReadOnlyCollection<ChargeKind> kinds)
    {
        var usage = LedgerTables.For(db).Usage;
        var p = new SqlArguments();
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
        var p = new SqlArguments();
        var where = string.Join(" OR ", rows.GroupBy(r => (r.OrderId, r.Kind)).Select(g =>
            $"({usage[u => u.OrderId].Name} = {p.Add(g.Key.OrderId, usage[u => u.OrderId])} AND {usage[u => u.Kind].Name} = {p.Add(g.Key.Kind, usage[u => u.Kind])} " +
            $"AND {usage[u => u.BeginTime].Name} IN ({p.List(g.Select(r => r.BeginTime), usage[u => u.BeginTime])}))"));
        return new Filter(where, p, ByChargeKey: true);
    }

    private static Filter Ids(ServiceUsageDbContext db, IEnumerable<long> ids)
    {
        var usage = LedgerTables.For(db).Usage;
        var p = new SqlArguments();
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

    /// <summary>What differs between the two databases: the day of a time, the one-day test, and the upsert.</summary>
    private sealed record ProviderSql(
        Func<string, string> Day, Func<string, string, string> InOneDay, Func<string, string[], string, string, string> AddOnConflict, bool HintsIndex,
        string TextLiteral)
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

        /// <summary>Text as a literal of its UTF-8 bytes in hexadecimal: exact, and nothing in it can end the literal.</summary>
        public string Text(string value) => string.Format(CultureInfo.InvariantCulture, TextLiteral, Convert.ToHexString(Encoding.UTF8.GetBytes(value)));

        public static readonly ProviderSql MySql = new(
            begin => $"DATE({begin})",
            (begin, end) => $"{end} <= DATE({begin}) + INTERVAL 1 DAY",
            (table, _, pay, rows) => $"ON DUPLICATE KEY UPDATE {pay} = {table}.{pay} + VALUES({pay}), {rows} = {table}.{rows} + VALUES({rows})",
            HintsIndex: true, TextLiteral: "_utf8mb4 X'{0}'");

        // SQLite keeps UTC ticks: a day is a multiple of TimeSpan.TicksPerDay.
        public static readonly ProviderSql Sqlite = new(
            begin => $"({begin} - {begin} % {TicksPerDay})",
            (begin, end) => $"{end} <= {begin} - {begin} % {TicksPerDay} + {TicksPerDay}",
            (_, key, pay, rows) => $"ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET {pay} = {pay} + excluded.{pay}, {rows} = {rows} + excluded.{rows}",
            HintsIndex: false, TextLiteral: "CAST(X'{0}' AS TEXT)");
    }
}
