using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Statements;

/// <summary>
/// What statements read from the ledger, for a set of tenants and one month, up to a USAGE_ID. The usage lines'
/// GROUP BY lives here and only here (a daily rollup can later answer it instead of DF_USAGE_HISTORY).
/// </summary>
public sealed class StatementLedger(ServiceUsageDbContext db)
{
    private static readonly ChargeKind[] OtherKinds =
        [ChargeKind.Purchase, ChargeKind.Renewal, ChargeKind.UpgradeCredit, ChargeKind.UpgradeCharge, ChargeKind.Refund];

    private bool Sqlite => db.Database.IsSqlite();

    /// <summary>
    /// The usage rows beginning in the month, summed per (tenant, order, plan version, quantity) in the database: for
    /// <paramref name="users"/>, or for every tenant (null) in one pass over the month, which a closing run prefers
    /// when most tenants close the month.
    /// </summary>
    public async Task<List<UsageLineGroup>> UsageGroupsAsync(IReadOnlyCollection<string>? users, StatementMonth month, long upTo, CancellationToken ct)
    {
        var h = new Names(db.Model.FindEntityType(typeof(UsageRecord))!);
        var args = new List<object> { Value(month.Begin), Value(month.End), upTo };
        var userFilter = users is null ? ""
            : $"h.{h["User"]} IN ({string.Join(",", users.Select(u => { args.Add(u); return $"{{{args.Count - 1}}}"; }))}) AND ";
        // The snapshot's text is the group key (no JSON parsed per row); the few distinct snapshots are read below, and
        // groups that differ only in what does not name a line (the versions a price change split a row across) merge.
        var applied = Sqlite ? $"h.{h[nameof(UsageRecord.OrderDetails)]}" : $"CAST(h.{h[nameof(UsageRecord.OrderDetails)]} AS CHAR(2048))";
        var duration = Sqlite ? $"SUM(h.{h["EndTime"]} - h.{h["BeginTime"]})" : $"CAST(SUM(TIMESTAMPDIFF(MICROSECOND, h.{h["BeginTime"]}, h.{h["EndTime"]})) AS SIGNED)";
        // "+ 0": the USAGE_ID bound must not tempt the planner into a primary-key range over the whole ledger.
        var sql = $$"""
            SELECT h.{{h["User"]}} AS `User`, h.{{h["OrderId"]}} AS `OrderId`, {{applied}} AS `Applied`,
                   SUM(h.{{h["Payment"]}}) AS `Amount`, SUM(CASE WHEN h.{{h["EndTime"]}} <= {1} THEN h.{{h["Payment"]}} ELSE 0 END) AS `InsideAmount`,
                   {{duration}} AS `Duration`, COUNT(*) AS `RowCount`, MIN(h.{{h["BeginTime"]}}) AS `BeginTime`, MAX(h.{{h["EndTime"]}}) AS `EndTime`
            FROM {{h.Table}} h
            WHERE {{userFilter}}h.{{h["Kind"]}} = 'usage' AND h.{{h["BeginTime"]}} >= {0} AND h.{{h["BeginTime"]}} < {1} AND h.{{h["UsageId"]}} + 0 <= {2}
            GROUP BY h.{{h["User"]}}, h.{{h["OrderId"]}}, `Applied`
            """;
        var raw = Sqlite
            ? (await db.Database.SqlQueryRaw<SqliteGroup>(sql, args.ToArray()).ToListAsync(ct)).Select(r => (r.User, r.OrderId, r.Applied,
                Amount: r.Amount / 10_000m, Inside: r.InsideAmount / 10_000m, Microseconds: r.Duration / Time.BillingTime.TicksPerMicrosecond, r.RowCount,
                Begin: new DateTime(r.BeginTime, DateTimeKind.Utc), End: new DateTime(r.EndTime, DateTimeKind.Utc)))
            : (await db.Database.SqlQueryRaw<MySqlGroup>(sql, args.ToArray()).ToListAsync(ct)).Select(r => (r.User, r.OrderId, r.Applied,
                r.Amount, Inside: r.InsideAmount, Microseconds: r.Duration, r.RowCount,
                Begin: DateTime.SpecifyKind(r.BeginTime, DateTimeKind.Utc), End: DateTime.SpecifyKind(r.EndTime, DateTimeKind.Utc)));
        var snapshots = new Dictionary<string, ChargeSnapshot>(StringComparer.Ordinal);
        return raw
            .Select(r => (Row: r, Snapshot: snapshots.TryGetValue(r.Applied, out var known) ? known
                : snapshots[r.Applied] = System.Text.Json.JsonSerializer.Deserialize<ChargeSnapshot>(r.Applied, JsonColumn.Options)!))
            .GroupBy(x => (x.Row.User, x.Row.OrderId, x.Snapshot.ServiceId, x.Snapshot.PlanId, x.Snapshot.VersionBeginTime, x.Snapshot.Quantity, x.Snapshot.UnitPrice))
            .Select(g => new UsageLineGroup(g.Key.User, g.Key.OrderId, g.Key.ServiceId, g.Key.PlanId, DateTime.SpecifyKind(g.Key.VersionBeginTime, DateTimeKind.Utc),
                g.Key.Quantity, g.Key.UnitPrice, g.Sum(x => x.Row.Amount), g.Sum(x => x.Row.Inside), g.Sum(x => x.Row.Microseconds),
                (int)g.Sum(x => x.Row.RowCount), g.Min(x => x.Row.Begin), g.Max(x => x.Row.End)))
            .ToList();
    }

    /// <summary>
    /// The rows a statement needs one by one: every non-usage row overlapping the month (its lines, and consumption
    /// spread over the month), and the usage rows cut by an edge of the month (at most an hour long, so only the
    /// hour before each edge can hold one). Two index range reads per tenant, whatever the month's usage.
    /// </summary>
    public async Task<List<UsageRecord>> OverlappingRowsAsync(IReadOnlyCollection<string> users, StatementMonth month, long upTo, CancellationToken ct)
    {
        var (begin, end) = (month.Begin, month.End);
        var (hourBeforeBegin, hourBeforeEnd) = (begin.AddHours(-1), end.AddHours(-1));
        var found = new List<UsageRecord>();
        // A hundred tenants a query keeps the IN list small enough for the planner to read index ranges, not the table.
        foreach (var chunk in users.Chunk(100))
        {
            var rows = db.UsageHistory.AsNoTracking().Where(u => chunk.Contains(u.User));
            found.AddRange(await rows.Where(u => OtherKinds.Contains(u.Kind) && u.BeginTime < end && u.EndTime > begin).ToListAsync(ct));
            found.AddRange(await rows.Where(u => u.Kind == ChargeKind.Usage
                    && ((u.BeginTime >= hourBeforeBegin && u.BeginTime < begin && u.EndTime > begin) || (u.BeginTime >= hourBeforeEnd && u.BeginTime < end && u.EndTime > end)))
                .ToListAsync(ct));
        }
        // The USAGE_ID bound is applied here, to the few rows read: in SQL it would tempt the planner into a primary-key range.
        return found.Where(u => u.UsageId <= upTo).ToList();
    }

    /// <summary>Late rows found and not on any statement yet (of <paramref name="users"/>, or of everyone), with when they were found.</summary>
    public async Task<List<(UsageRecord Row, DateTime FoundAt)>> PendingLateRowsAsync(IReadOnlyCollection<string>? users, CancellationToken ct)
    {
        var rows = await (
            from late in db.LateRows.AsNoTracking()
            where (users == null || users.Contains(late.User)) && !db.StatementLines.Any(l => l.UsageId == late.UsageId)
            join row in db.UsageHistory.AsNoTracking() on late.UsageId equals row.UsageId
            select new { Row = row, late.FoundAt }).ToListAsync(ct);
        return rows.Select(r => (r.Row, r.FoundAt)).ToList();
    }

    /// <summary>
    /// Records as late every row with USAGE_ID in (<paramref name="after"/>, <paramref name="upTo"/>] that begins in a
    /// month already closed for its tenant (before the end of their latest statement), in one statement.
    /// </summary>
    public Task<int> RecordLateRowsAsync(long after, long upTo, DateTime now, CancellationToken ct)
    {
        var h = new Names(db.Model.FindEntityType(typeof(UsageRecord))!);
        var s = new Names(db.Model.FindEntityType(typeof(Statement))!);
        var l = new Names(db.Model.FindEntityType(typeof(LateRow))!);
        var sql = $$"""
            INSERT INTO {{l.Table}} ({{l["UsageId"]}}, {{l["User"]}}, {{l["FoundAt"]}})
            SELECT h.{{h["UsageId"]}}, h.{{h["User"]}}, {2} FROM {{h.Table}} h
            WHERE h.{{h["UsageId"]}} > {0} AND h.{{h["UsageId"]}} <= {1}
              AND EXISTS (SELECT 1 FROM {{s.Table}} s WHERE s.{{s["User"]}} = h.{{h["User"]}} AND s.{{s["PeriodEnd"]}} > h.{{h["BeginTime"]}})
            """;
        return db.Database.ExecuteSqlRawAsync(sql, [after, upTo, Value(now)], ct);
    }

    /// <summary>A time as the provider stores it (SQLite: UTC ticks), for raw SQL.</summary>
    private object Value(DateTime utc) => Sqlite ? utc.Ticks : utc;

    /// <summary>Table and column names from the model, quoted with backticks (valid on MySQL and SQLite).</summary>
    private sealed class Names(IEntityType entity)
    {
        private readonly StoreObjectIdentifier _table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());

        public string Table => $"`{entity.GetTableName()}`";

        public string this[string property] => $"`{entity.FindProperty(property)!.GetColumnName(_table)}`";
    }

    private sealed class MySqlGroup
    {
        public string User { get; set; } = "";
        public string OrderId { get; set; } = "";
        public string Applied { get; set; } = "";
        public decimal Amount { get; set; }
        public decimal InsideAmount { get; set; }
        public long Duration { get; set; }
        public long RowCount { get; set; }
        public DateTime BeginTime { get; set; }
        public DateTime EndTime { get; set; }
    }

    // SQLite stores money as ten-thousandths and times as ticks (ADR 3).
    private sealed class SqliteGroup
    {
        public string User { get; set; } = "";
        public string OrderId { get; set; } = "";
        public string Applied { get; set; } = "";
        public long Amount { get; set; }
        public long InsideAmount { get; set; }
        public long Duration { get; set; }
        public long RowCount { get; set; }
        public long BeginTime { get; set; }
        public long EndTime { get; set; }
    }
}
