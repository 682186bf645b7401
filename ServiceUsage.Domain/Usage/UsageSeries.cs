using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
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
/// loads every row. A charge counts in the bucket where it begins (BILLING.md: charged, not consumed). Days and months
/// read the daily rollups (ADR 0014) for every UTC day that lies inside one bucket, and the rows only for the days a
/// bucket edge cuts (all of them where the zone's days are not UTC days) and for rows longer than a day: at most three
/// queries whatever the range. Hours read the rows (a day at most per bucket).
/// </summary>
public sealed class UsageSeries(ServiceUsageDbContext db)
{
    public const string Total = "total";

    /// <summary>The user's charges whose BEGIN_TIME lies in [from, to) (UTC instants), bucketed on <paramref name="zone"/>'s wall clock.</summary>
    public async Task<IReadOnlyList<UsagePoint>> QueryAsync(string user, DateTime from, DateTime to, UsageGranularity granularity,
        UsageSplit split, TimeZoneInfo? zone = null, CancellationToken ct = default)
    {
        zone ??= TimeZoneInfo.Utc;
        var (days, cut) = granularity == UsageGranularity.Hour ? ([], [(from, to)]) : Cover(from, to, granularity, zone);
        var points = new List<UsagePoint>();
        if (cut.Count > 0) points.AddRange(await RowsAsync(user, from, to, cut, granularity, split, zone, ct));
        if (days.Count > 0)
        {
            var (first, last) = (days.Min(), days.Max().AddDays(1));
            var rolled = split switch
            {
                UsageSplit.None => await db.DailyUserUsage.AsNoTracking().Where(d => d.User == user && d.Day >= first && d.Day < last)
                    .Select(d => new { d.Day, Series = Total, d.Payment }).ToListAsync(ct),
                UsageSplit.Order => await db.DailyUsage.AsNoTracking().Where(d => d.User == user && d.Day >= first && d.Day < last)
                    .Select(d => new { d.Day, Series = d.OrderId, d.Payment }).ToListAsync(ct),
                _ => await db.DailyUsage.AsNoTracking().Where(d => d.User == user && d.Day >= first && d.Day < last)
                    .Join(db.Orders, d => d.OrderId, o => o.OrderId, (d, o) => new { d.Day, Series = o.ServiceId, d.Payment })
                    .GroupBy(x => new { x.Day, x.Series }).Select(g => new { g.Key.Day, g.Key.Series, Payment = g.Sum(x => x.Payment) }).ToListAsync(ct),
            };
            points.AddRange(rolled.Where(r => days.Contains(r.Day)).Select(r => new UsagePoint(Bucket(r.Day, granularity, zone), r.Series, r.Payment)));
            // Rows longer than a day are in no rollup: the few that begin on those days, one by one.
            var longRows = await db.UsageHistory.AsNoTracking()
                .Where(u => u.User == user && u.Kind != ChargeKind.Usage && u.BeginTime >= first && u.BeginTime < last)
                .Join(db.Orders, u => u.OrderId, o => o.OrderId, (u, o) => new { u.BeginTime, u.EndTime, u.OrderId, o.ServiceId, u.Payment })
                .ToListAsync(ct);
            points.AddRange(longRows.Where(r => days.Contains(DailyRollups.DayOf(r.BeginTime)) && !DailyRollups.InOneDay(r.BeginTime, r.EndTime))
                .Select(r => new UsagePoint(Bucket(r.BeginTime, granularity, zone), split switch { UsageSplit.Order => r.OrderId, UsageSplit.Service => r.ServiceId, _ => Total }, r.Payment)));
        }
        return points.GroupBy(p => (p.Bucket, p.Series)).Select(g => new UsagePoint(g.Key.Bucket, g.Key.Series, g.Sum(p => p.Amount)))
            .OrderBy(p => p.Bucket).ThenBy(p => p.Series, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Splits [from, to) into the UTC days that lie inside one bucket (the rollups answer them) and the stretches between
    /// them (the rows do): a day a bucket edge or the range's edge cuts.
    /// </summary>
    private static (HashSet<DateTime> Days, List<(DateTime From, DateTime To)> Cut) Cover(DateTime from, DateTime to, UsageGranularity g, TimeZoneInfo zone)
    {
        var days = new HashSet<DateTime>();
        var cut = new List<(DateTime From, DateTime To)>();
        var at = from;
        for (var local = Floor(LocalZone.ToLocal(from, zone), g); at < to; local = Next(local, g))
        {
            var end = BillingTime.Min(to, LocalZone.ToUtc(Next(local, g), zone));
            if (end <= at) continue;
            var (a, b) = (DailyRollups.CeilDay(at), DailyRollups.DayOf(end));
            if (a >= b) Add(at, end);
            else
            {
                Add(at, a);
                for (var d = a; d < b; d = d.AddDays(1)) days.Add(d);
                Add(b, end);
            }
            at = end;
        }
        return (days, cut);

        void Add(DateTime a, DateTime b)
        {
            if (b <= a) return;
            if (cut.Count > 0 && cut[^1].To == a) cut[^1] = (cut[^1].From, b);
            else cut.Add((a, b));
        }
    }

    private static DateTime Bucket(DateTime utc, UsageGranularity g, TimeZoneInfo zone) => Floor(LocalZone.ToLocal(utc, zone), g);

    /// <summary>The rows beginning in the stretches <paramref name="cut"/> of [from, to), grouped per bucket in the database.</summary>
    private async Task<List<UsagePoint>> RowsAsync(string user, DateTime from, DateTime to, List<(DateTime From, DateTime To)> cut,
        UsageGranularity granularity, UsageSplit split, TimeZoneInfo zone, CancellationToken ct)
    {
        var offsets = LocalZone.Offsets(zone, from, to);
        return db.Database.IsSqlite()
            ? await SqliteAsync(user, cut, granularity, split, offsets, ct)
            : await RelationalAsync(Keyed(user, cut, split).Select(LocalBegin(offsets)), granularity, ct);
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

    private IQueryable<Row> Keyed(string user, List<(DateTime From, DateTime To)> cut, UsageSplit split)
    {
        var rows = db.UsageHistory.AsNoTracking().Where(u => u.User == user).Where(BeginsIn(cut));
        return split switch
        {
            UsageSplit.Order => rows.Select(u => new Row { Begin = u.BeginTime, Series = u.OrderId, Payment = u.Payment }),
            UsageSplit.Service => rows.Join(db.Orders, u => u.OrderId, o => o.OrderId, (u, o) => new Row { Begin = u.BeginTime, Series = o.ServiceId, Payment = u.Payment }),
            _ => rows.Select(u => new Row { Begin = u.BeginTime, Series = Total, Payment = u.Payment }),
        };
    }

    /// <summary>u => BEGIN_TIME in any of the stretches, as one OR in SQL.</summary>
    private static Expression<Func<UsageRecord, bool>> BeginsIn(List<(DateTime From, DateTime To)> cut)
    {
        var u = Expression.Parameter(typeof(UsageRecord), "u");
        var begin = Expression.Property(u, nameof(UsageRecord.BeginTime));
        var any = cut.Select(c => (Expression)Expression.AndAlso(
            Expression.GreaterThanOrEqual(begin, Expression.Constant(c.From)), Expression.LessThan(begin, Expression.Constant(c.To)))).Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<UsageRecord, bool>>(any, u);
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
    private async Task<List<UsagePoint>> SqliteAsync(string user, List<(DateTime From, DateTime To)> cut, UsageGranularity g, UsageSplit split,
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
            WHERE u.USER = {0} AND ({{string.Join(" OR ", cut.Select(c => $"(u.BEGIN_TIME >= {c.From.Ticks} AND u.BEGIN_TIME < {c.To.Ticks})"))}})
            GROUP BY Bucket, Series
            """;
        var rows = await db.Database.SqlQueryRaw<SqliteBucket>(sql, user).ToListAsync(ct);
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
