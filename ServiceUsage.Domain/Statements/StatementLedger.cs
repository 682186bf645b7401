using System.Globalization;
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
        string Json(string path) => Sqlite ? $"json_extract(h.{h[nameof(UsageRecord.OrderDetails)]}, '$.{path}')" : $"JSON_VALUE(h.{h[nameof(UsageRecord.OrderDetails)]}, '$.{path}')";
        var duration = Sqlite ? $"h.{h["EndTime"]} - h.{h["BeginTime"]}" : $"TIMESTAMPDIFF(MICROSECOND, h.{h["BeginTime"]}, h.{h["EndTime"]})";
        var quantity = Sqlite ? Json("quantity") : $"CAST({Json("quantity")} AS SIGNED)";
        var unitPrice = Sqlite ? $"MIN({Json("unitPrice")})" : $"MIN(CAST({Json("unitPrice")} AS DECIMAL(20,4)))";
        var totalDuration = Sqlite ? $"SUM({duration})" : $"CAST(SUM({duration}) AS SIGNED)";
        var sql = $$"""
            SELECT h.{{h["User"]}} AS `User`, h.{{h["OrderId"]}} AS `OrderId`, {{Json("serviceId")}} AS `ServiceId`, {{Json("planId")}} AS `PlanId`,
                   {{Json("versionBeginTime")}} AS `VersionBeginTime`, {{quantity}} AS `Quantity`, {{unitPrice}} AS `UnitPrice`,
                   SUM(h.{{h["Payment"]}}) AS `Amount`,
                   SUM(CASE WHEN h.{{h["EndTime"]}} <= {1} THEN h.{{h["Payment"]}} ELSE 0 END) AS `InsideAmount`,
                   {{totalDuration}} AS `Duration`,
                   COUNT(*) AS `RowCount`, MIN(h.{{h["BeginTime"]}}) AS `BeginTime`, MAX(h.{{h["EndTime"]}}) AS `EndTime`
            FROM {{h.Table}} h
            WHERE {{userFilter}}h.{{h["Kind"]}} = 'usage'
              AND h.{{h["BeginTime"]}} >= {0} AND h.{{h["BeginTime"]}} < {1} AND h.{{h["UsageId"]}} <= {2}
            GROUP BY h.{{h["User"]}}, h.{{h["OrderId"]}}, `ServiceId`, `PlanId`, `VersionBeginTime`, `Quantity`
            """;
        if (Sqlite)
        {
            var rows = await db.Database.SqlQueryRaw<SqliteGroup>(sql, args.ToArray()).ToListAsync(ct);
            return rows.Select(r => new UsageLineGroup(r.User, r.OrderId, r.ServiceId, r.PlanId, ParseTime(r.VersionBeginTime), (int)r.Quantity,
                Math.Round((decimal)r.UnitPrice, 4), r.Amount / 10_000m, r.InsideAmount / 10_000m, r.Duration / Time.BillingTime.TicksPerMicrosecond,
                (int)r.RowCount, new DateTime(r.BeginTime, DateTimeKind.Utc), new DateTime(r.EndTime, DateTimeKind.Utc))).ToList();
        }
        var groups = await db.Database.SqlQueryRaw<MySqlGroup>(sql, args.ToArray()).ToListAsync(ct);
        return groups.Select(r => new UsageLineGroup(r.User, r.OrderId, r.ServiceId, r.PlanId, ParseTime(r.VersionBeginTime), (int)r.Quantity,
            r.UnitPrice, r.Amount, r.InsideAmount, r.Duration, (int)r.RowCount,
            DateTime.SpecifyKind(r.BeginTime, DateTimeKind.Utc), DateTime.SpecifyKind(r.EndTime, DateTimeKind.Utc))).ToList();
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
        var rows = db.UsageHistory.AsNoTracking().Where(u => users.Contains(u.User) && u.UsageId <= upTo);
        var other = await rows.Where(u => OtherKinds.Contains(u.Kind) && u.BeginTime < end && u.EndTime > begin).ToListAsync(ct);
        var edges = await rows.Where(u => u.Kind == ChargeKind.Usage
                && ((u.BeginTime >= hourBeforeBegin && u.BeginTime < begin && u.EndTime > begin) || (u.BeginTime >= hourBeforeEnd && u.BeginTime < end && u.EndTime > end)))
            .ToListAsync(ct);
        return [.. other, .. edges];
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

    private static DateTime ParseTime(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

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
        public string ServiceId { get; set; } = "";
        public string PlanId { get; set; } = "";
        public string VersionBeginTime { get; set; } = "";
        public long Quantity { get; set; }
        public decimal UnitPrice { get; set; }
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
        public string ServiceId { get; set; } = "";
        public string PlanId { get; set; } = "";
        public string VersionBeginTime { get; set; } = "";
        public long Quantity { get; set; }
        public double UnitPrice { get; set; }
        public long Amount { get; set; }
        public long InsideAmount { get; set; }
        public long Duration { get; set; }
        public long RowCount { get; set; }
        public long BeginTime { get; set; }
        public long EndTime { get; set; }
    }
}
