using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Usage;

public enum UsageGranularity { Hour, Day, Month }

public enum UsageSplit { None, Order, Service }

/// <summary>
/// Money charged in one bucket for one series (an order id, a service id, or "total"). <see cref="Bucket"/> is the
/// bucket's start on the wall clock of the zone the series was asked in (kind Unspecified; UTC when asked in UTC).
/// </summary>
public sealed record UsagePoint(DateTime Bucket, string Series, decimal Amount);

/// <summary>
/// Charged amounts per hour, day or month of a tenant's zone, grouped in the database (GROUP BY) so a long range never
/// loads every row: one query. A charge counts in the bucket where it begins (BILLING.md: charged, not consumed).
/// </summary>
public sealed class UsageSeries(ServiceUsageDbContext db)
{
    public const string Total = "total";

    /// <summary>The user's charges whose BEGIN_TIME lies in [from, to) (UTC instants), bucketed on <paramref name="zone"/>'s wall clock.</summary>
    public async Task<IReadOnlyList<UsagePoint>> QueryAsync(string user, DateTime from, DateTime to, UsageGranularity granularity,
        UsageSplit split, TimeZoneInfo? zone = null, CancellationToken ct = default)
    {
        var offsets = LocalZone.Offsets(zone ?? TimeZoneInfo.Utc, from, to);
        var points = db.Database.IsSqlite()
            ? await SqliteAsync(user, from, to, granularity, split, offsets, ct)
            : await RelationalAsync(Keyed(user, from, to, split).Select(LocalBegin(offsets)), granularity, ct);
        return points.OrderBy(p => p.Bucket).ThenBy(p => p.Series).ToList();
    }

    /// <summary>The bucket starts of a wall-clock range [from, to), so charts show empty buckets as zero.</summary>
    public static IReadOnlyList<DateTime> Buckets(DateTime from, DateTime to, UsageGranularity granularity)
    {
        var list = new List<DateTime>();
        for (var t = Floor(from, granularity); t < to && list.Count < 10_000; t = Next(t, granularity)) list.Add(t);
        return list;
    }

    public static DateTime Floor(DateTime t, UsageGranularity g) => g switch
    {
        UsageGranularity.Hour => new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, t.Kind),
        UsageGranularity.Day => new DateTime(t.Year, t.Month, t.Day, 0, 0, 0, t.Kind),
        _ => new DateTime(t.Year, t.Month, 1, 0, 0, 0, t.Kind),
    };

    public static DateTime Next(DateTime t, UsageGranularity g) => g switch
    {
        UsageGranularity.Hour => t.AddHours(1),
        UsageGranularity.Day => t.AddDays(1),
        _ => t.AddMonths(1),
    };

    private IQueryable<Row> Keyed(string user, DateTime from, DateTime to, UsageSplit split)
    {
        var rows = db.UsageHistory.AsNoTracking().Where(u => u.User == user && u.BeginTime >= from && u.BeginTime < to);
        return split switch
        {
            UsageSplit.Order => rows.Select(u => new Row { Begin = u.BeginTime, Series = u.OrderId, Payment = u.Payment }),
            UsageSplit.Service => rows.Join(db.Orders, u => u.OrderId, o => o.OrderId, (u, o) => new Row { Begin = u.BeginTime, Series = o.ServiceId, Payment = u.Payment }),
            _ => rows.Select(u => new Row { Begin = u.BeginTime, Series = Total, Payment = u.Payment }),
        };
    }

    /// <summary>r => r with Begin on the wall clock: BEGIN_TIME plus the offset of the span it falls in (DATE_ADD in SQL).</summary>
    private static Expression<Func<Row, Row>> LocalBegin(IReadOnlyList<(DateTime Start, TimeSpan Offset)> offsets)
    {
        var r = Expression.Parameter(typeof(Row), "r");
        var begin = Expression.Property(r, nameof(Row.Begin));
        Expression Shift(TimeSpan offset) => offset == TimeSpan.Zero ? begin
            : Expression.Call(begin, typeof(DateTime).GetMethod(nameof(DateTime.AddMinutes))!, Expression.Constant(offset.TotalMinutes));
        var local = Shift(offsets[^1].Offset);
        for (var i = offsets.Count - 2; i >= 0; i--)
            local = Expression.Condition(Expression.LessThan(begin, Expression.Constant(offsets[i + 1].Start)), Shift(offsets[i].Offset), local);
        var body = Expression.MemberInit(Expression.New(typeof(Row)),
            Expression.Bind(typeof(Row).GetProperty(nameof(Row.Begin))!, local),
            Expression.Bind(typeof(Row).GetProperty(nameof(Row.Series))!, Expression.Property(r, nameof(Row.Series))),
            Expression.Bind(typeof(Row).GetProperty(nameof(Row.Payment))!, Expression.Property(r, nameof(Row.Payment))));
        return Expression.Lambda<Func<Row, Row>>(body, r);
    }

    // A member-init (not a constructor) so EF can see through it into the GROUP BY.
    private sealed class Row
    {
        public DateTime Begin { get; init; }
        public string Series { get; init; } = "";
        public decimal Payment { get; init; }
    }

    // MySQL/MariaDB: YEAR()/MONTH()/DAY()/HOUR() of the shifted time in the GROUP BY.
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
        return grouped.Select(x => new UsagePoint(new DateTime(x.Year, x.Month, x.Day, x.Hour, 0, 0), x.Series, x.Sum)).ToList();
    }

    // SQLite stores times as UTC ticks and money as 1/10000 units (see ProviderConventions): the shifted ticks divided by
    // the bucket length group hours and days in SQL; months are folded from days (at most 31 rows per series and month).
    private async Task<List<UsagePoint>> SqliteAsync(string user, DateTime from, DateTime to, UsageGranularity g, UsageSplit split,
        IReadOnlyList<(DateTime Start, TimeSpan Offset)> offsets, CancellationToken ct)
    {
        var ticks = g == UsageGranularity.Hour ? TimeSpan.TicksPerHour : TimeSpan.TicksPerDay;
        var series = split switch { UsageSplit.Order => "u.ORDER_ID", UsageSplit.Service => "o.SERVICE_ID", _ => "'" + Total + "'" };
        // Numbers we computed, not input: safe to write into the statement.
        var shift = offsets.Count == 1 ? offsets[0].Offset.Ticks.ToString()
            : "CASE " + string.Concat(offsets.Skip(1).Select((s, i) => $"WHEN u.BEGIN_TIME < {s.Start.Ticks} THEN {offsets[i].Offset.Ticks} "))
              + $"ELSE {offsets[^1].Offset.Ticks} END";
        var sql = $$"""
            SELECT (u.BEGIN_TIME + {{shift}}) / {{ticks}} AS Bucket, {{series}} AS Series, SUM(u.PAYMENT) AS Amount
            FROM DF_USAGE_HISTORY u JOIN DF_PURCHASE_ORDER o ON o.ORDER_ID = u.ORDER_ID
            WHERE u.USER = {0} AND u.BEGIN_TIME >= {1} AND u.BEGIN_TIME < {2}
            GROUP BY Bucket, Series
            """;
        var rows = await db.Database.SqlQueryRaw<SqliteBucket>(sql, user, from.Ticks, to.Ticks).ToListAsync(ct);
        var points = rows.Select(r => new UsagePoint(new DateTime(r.Bucket * ticks), r.Series, r.Amount / 10_000m));
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
