using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Budgets;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Usage;

// The forecast of one tenant's month (1,000 orders: 800 postpay on 10 plans with 20 versions scheduled later in the month,
// 200 auto-renewing prepay orders) beside its floor, the amount call for the same month to date, which the forecast makes
// itself. Median and p95 of N alternating calls, each on a fresh context as a request has.
// Usage: dotnet ForecastBench.dll <server connection string> [iterations]
var server = args[0];
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
var cs = new MySqlConnectionStringBuilder(server) { Database = "su_forecast_bench", AllowUserVariables = true, DefaultCommandTimeout = 600 }.ConnectionString;
var settings = new DatabaseSettings(DatabaseProvider.MySql, cs, false, "10.11.0-mariadb");
var options = (DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(settings).Options;
var monthBegin = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
var now = new DateTime(2026, 3, 15, 12, 30, 0, DateTimeKind.Utc);
var charged = new DateTime(2026, 3, 15, 12, 0, 0, DateTimeKind.Utc);
const string User = "bench-tenant";
string T(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

await using (var db = new ServiceUsageDbContext(options))
{
    await db.Database.EnsureDeletedAsync();
    await db.Database.MigrateAsync();
}
var setup = Stopwatch.StartNew();
await Sql($$"""
    INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS)
    SELECT CONCAT('hourly-', p.seq), '2026-01-01', 'hourly', CONCAT('{"serviceId":"mysql","hourlyPrice":', 0.04 + p.seq / 100, ',"onSale":true}')
    FROM seq_0_to_9 p;
    INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS)
    SELECT CONCAT('hourly-', p.seq), '2026-03-16 07:20:00' + INTERVAL (p.seq * 24 + v.seq * 100) HOUR, 'hourly',
        CONCAT('{"serviceId":"mysql","hourlyPrice":', 0.05 + p.seq / 100 + v.seq / 100, ',"onSale":true}')
    FROM seq_0_to_9 p JOIN seq_0_to_1 v;
    INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS) VALUES
      ('monthly', '2026-01-01', 'monthly', '{"serviceId":"mysql","monthlyPrice":30,"onSale":true}');
    INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
        AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
    SELECT LPAD(seq, 32, '0'), 'postpay', '{{User}}', 'mysql', 1 + seq % 5, CONCAT('hourly-', seq % 10), '{{T(monthBegin)}}', NULL,
        'active', 0, 0, '{{T(charged)}}', 0, '{{T(monthBegin)}}', '{{T(monthBegin)}}'
    FROM seq_1_to_800;
    INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
        AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
    SELECT LPAD(CONCAT('p', seq), 32, '0'), 'prepay', '{{User}}', 'mysql', 1, 'monthly', '2026-02-01' + INTERVAL (seq % 28) DAY,
        '2026-03-01' + INTERVAL (seq % 28) DAY, 'active', 1, 1, NULL, 0, '2026-02-01', '2026-02-01'
    FROM seq_1_to_200;
    INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
    SELECT o.ORDER_ID, o.USER, 'usage', o.BEGIN_TIME + INTERVAL h.seq HOUR, o.BEGIN_TIME + INTERVAL (h.seq + 1) HOUR,
        ROUND(o.SERVICE_QUANTITIES * (0.04 + CAST(SUBSTRING(o.PLAN_ID, 8) AS UNSIGNED) / 100), 4),
        JSON_OBJECT('planId', o.PLAN_ID, 'serviceId', 'mysql', 'versionBeginTime', '2026-01-01T00:00:00Z', 'unitPrice', 0.04,
            'quantity', o.SERVICE_QUANTITIES, 'months', NULL, 'versions', NULL)
    FROM seq_0_to_{{(int)(charged - monthBegin).TotalHours - 1}} h JOIN DF_PURCHASE_ORDER o ON o.TYPE = 'postpay'
    ORDER BY h.seq, o.ORDER_ID;
    INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
    SELECT ORDER_ID, USER, 'purchase', BEGIN_TIME, END_TIME, 30.0000,
        JSON_OBJECT('planId', 'monthly', 'serviceId', 'mysql', 'versionBeginTime', '2026-01-01T00:00:00Z', 'unitPrice', 30, 'quantity', 1, 'months', 1, 'versions', NULL)
    FROM DF_PURCHASE_ORDER WHERE TYPE = 'prepay';
    INSERT INTO SU_BUDGET (`User`, Amount, Thresholds, UpdatedAt, UpdatedBy) VALUES ('{{User}}', 20000, '50,80,100', '{{T(monthBegin)}}', 'bench');
    ANALYZE TABLE DF_USAGE_HISTORY, DF_PURCHASE_ORDER;
    """);
var rows = await Scalar("SELECT COUNT(*) FROM DF_USAGE_HISTORY");
var versions = await Scalar($"SELECT COUNT(*) FROM DF_PLAN_DETAILS WHERE BEGIN_TIME > '{T(now)}'");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"1 tenant, 1,000 orders (800 postpay, 200 auto-renewing prepay), {versions} versions scheduled later in March, {rows:N0} ledger rows this month; now {now:O}; set up in {setup.Elapsed.TotalSeconds:F0} s; MariaDB on 127.0.0.1; {Environment.ProcessorCount} cores."));

var clock = new FakeTimeProvider(new DateTimeOffset(now));
var billing = Options.Create(new BillingOptions());
async Task<MonthForecast> Forecast(bool curve)
{
    await using var db = new ServiceUsageDbContext(options);
    return await new ForecastQuery(db, new UsageQueries(db, clock), clock, billing).GetAsync(User, withCurve: curve);
}
async Task<AmountResult> Amount()
{
    await using var db = new ServiceUsageDbContext(options);
    return await new UsageQueries(db, clock).AmountAsync(User, null, monthBegin, now);
}

var check = await Forecast(true);
var amount = await Amount();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"check: spend to date {check.SpendToDate} (amount total {amount.Total}), forecast {check.Forecast}, reaches 20,000 at {check.ReachesBudgetAt:O}, {check.PriceChanges.Count} price changes"));
for (var i = 0; i < 5; i++) { await Forecast(false); await Forecast(true); await Amount(); }

var (times, api, full) = (new List<double>(), new List<double>(), new List<double>());
for (var i = 0; i < iterations; i++)
{
    var sw = Stopwatch.StartNew();
    await Amount();
    times.Add(sw.Elapsed.TotalMilliseconds);
    sw.Restart();
    await Forecast(false);
    api.Add(sw.Elapsed.TotalMilliseconds);
    sw.Restart();
    await Forecast(true);
    full.Add(sw.Elapsed.TotalMilliseconds);
}
static double P(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
var inv = CultureInfo.InvariantCulture;
Console.WriteLine();
Console.WriteLine("| measure | amount, month to date (floor) | forecast (API: crossed thresholds' instants) | forecast with the curve (Overview) |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine(string.Format(inv, "| median, {0} alternating calls | {1:F1} ms | {2:F1} ms | {3:F1} ms |", iterations, P(times, 0.5), P(api, 0.5), P(full, 0.5)));
Console.WriteLine(string.Format(inv, "| p95 | {0:F1} ms | {1:F1} ms | {2:F1} ms |", P(times, 0.95), P(api, 0.95), P(full, 0.95)));
Console.WriteLine(string.Format(inv, "ratio of medians (forecast / amount): {0:F2}; with the curve: {1:F2}", P(api, 0.5) / P(times, 0.5), P(full, 0.5) / P(times, 0.5)));

async Task Sql(string sql)
{
    await using var c = new MySqlConnection(cs);
    await c.OpenAsync();
    await using var command = new MySqlCommand(sql, c);
    await command.ExecuteNonQueryAsync();
}

async Task<long> Scalar(string sql)
{
    await using var c = new MySqlConnection(cs);
    await c.OpenAsync();
    await using var command = new MySqlCommand(sql, c);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}
