using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Domain.Usage;

public enum UsageGranularity { Hour, Day, Month }

public enum UsageSplit { None, Order, Service }

/// <summary>Money charged in one bucket (UTC start) for one series (an order id, a service id, or "total").</summary>
public sealed record UsagePoint(DateTime Bucket, string Series, decimal Amount);

/// <summary>
/// Charged amounts per hour, day or month for the usage charts, grouped in the database (GROUP BY) so a long
/// range never loads every row. A charge counts in the bucket where it begins (UTC).
/// </summary>
public sealed class UsageSeries(ServiceUsageDbContext db)
{
    public const string Total = "total";

    public async Task<IReadOnlyList<UsagePoint>> QueryAsync(string user, DateTime from, DateTime to, UsageGranularity granularity,
        UsageSplit split, CancellationToken ct = default)
    {
        if (db.Database.IsSqlite()) return (await SqliteAsync(user, from, to, granularity, split, ct)).OrderBy(p => p.Bucket).ThenBy(p => p.Series).ToList();
        var rows = db.UsageHistory.AsNoTracking().Where(u => u.User == user && u.BeginTime >= from && u.BeginTime < to);
        var keyed = split switch
        {
            UsageSplit.Order => rows.Select(u => new Row { Begin = u.BeginTime, Series = u.OrderId, Payment = u.Payment }),
            UsageSplit.Service => rows.Join(db.Orders, u => u.OrderId, o => o.OrderId, (u, o) => new Row { Begin = u.BeginTime, Series = o.ServiceId, Payment = u.Payment }),
            _ => rows.Select(u => new Row { Begin = u.BeginTime, Series = Total, Payment = u.Payment }),
        };
        var points = await RelationalAsync(keyed, granularity, ct);
        return points.OrderBy(p => p.Bucket).ThenBy(p => p.Series).ToList();
    }

    /// <summary>Buckets a range into its (UTC) bucket starts, so charts show empty buckets as zero.</summary>
    public static IReadOnlyList<DateTime> Buckets(DateTime from, DateTime to, UsageGranularity granularity)
    {
        var list = new List<DateTime>();
        for (var t = Floor(from, granularity); t < to && list.Count < 10_000; t = Next(t, granularity)) list.Add(t);
        return list;
    }

    public static DateTime Floor(DateTime t, UsageGranularity g) => g switch
    {
        UsageGranularity.Hour => new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc),
        UsageGranularity.Day => new DateTime(t.Year, t.Month, t.Day, 0, 0, 0, DateTimeKind.Utc),
        _ => new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    public static DateTime Next(DateTime t, UsageGranularity g) => g switch
    {
        UsageGranularity.Hour => t.AddHours(1),
        UsageGranularity.Day => t.AddDays(1),
        _ => t.AddMonths(1),
    };

    // A member-init (not a constructor) so EF can see through it into the GROUP BY.
    private sealed class Row
    {
        public DateTime Begin { get; init; }
        public string Series { get; init; } = "";
        public decimal Payment { get; init; }
    }

    // MySQL/MariaDB: YEAR()/MONTH()/DAY()/HOUR() in the GROUP BY.
    private static async Task<List<UsagePoint>> RelationalAsync(IQueryable<Row> rows, UsageGranularity g, CancellationToken ct)
    {
        var grouped = g switch
        {
            UsageGranularity.Hour => await rows.GroupBy(r => new { r.Series, r.Begin.Year, r.Begin.Month, r.Begin.Day, r.Begin.Hour })
                .Select(x => new { x.Key.Series, x.Key.Year, x.Key.Month, x.Key.Day, x.Key.Hour, Sum = x.Sum(r => r.Payment) }).ToListAsync(ct),
            UsageGranularity.Day => await rows.GroupBy(r => new { r.Series, r.Begin.Year, r.Begin.Month, r.Begin.Day })
                .Select(x => new { x.Key.Series, x.Key.Year, x.Key.Month, x.Key.Day, Hour = 0, Sum = x.Sum(r => r.Payment) }).ToListAsync(ct),
            _ => await rows.GroupBy(r => new { r.Series, r.Begin.Year, r.Begin.Month })
                .Select(x => new { x.Key.Series, x.Key.Year, x.Key.Month, Day = 1, Hour = 0, Sum = x.Sum(r => r.Payment) }).ToListAsync(ct),
        };
        return grouped.Select(x => new UsagePoint(new DateTime(x.Year, x.Month, x.Day, x.Hour, 0, 0, DateTimeKind.Utc), x.Series, x.Sum)).ToList();
    }

    // SQLite stores times as UTC ticks and money as 1/10000 units (see ProviderConventions): integer division by the bucket
    // length groups hours and days in SQL; months are folded from days (at most 31 rows per series and month).
    private async Task<List<UsagePoint>> SqliteAsync(string user, DateTime from, DateTime to, UsageGranularity g, UsageSplit split, CancellationToken ct)
    {
        var ticks = g == UsageGranularity.Hour ? TimeSpan.TicksPerHour : TimeSpan.TicksPerDay;
        var series = split switch { UsageSplit.Order => "u.ORDER_ID", UsageSplit.Service => "o.SERVICE_ID", _ => "'" + Total + "'" };
        var sql = $$"""
            SELECT u.BEGIN_TIME / {{ticks}} AS Bucket, {{series}} AS Series, SUM(u.PAYMENT) AS Amount
            FROM DF_USAGE_HISTORY u JOIN DF_PURCHASE_ORDER o ON o.ORDER_ID = u.ORDER_ID
            WHERE u.USER = {0} AND u.BEGIN_TIME >= {1} AND u.BEGIN_TIME < {2}
            GROUP BY Bucket, Series
            """;
        var rows = await db.Database.SqlQueryRaw<SqliteBucket>(sql, user, from.Ticks, to.Ticks).ToListAsync(ct);
        var points = rows.Select(r => new UsagePoint(new DateTime(r.Bucket * ticks, DateTimeKind.Utc), r.Series, r.Amount / 10_000m));
        if (g == UsageGranularity.Month)
            points = points.GroupBy(p => (Floor(p.Bucket, g), p.Series)).Select(x => new UsagePoint(x.Key.Item1, x.Key.Series, x.Sum(p => p.Amount)));
        return points.ToList();
    }

    private sealed class SqliteBucket
    {
        public long Bucket { get; set; }
        public string Series { get; set; } = "";
        public long Amount { get; set; }
    }
}
