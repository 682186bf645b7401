using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Statements;

// Closing one month for T tenants (H usage hours each, every tenth with a prepaid purchase too) beside the floor: a
// bare GROUP BY over the same rows. Usage: dotnet StatementsBench.dll <server connection string> [tenants] [hours]
var server = args[0];
var tenants = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var hours = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var cs = new MySqlConnectionStringBuilder(server) { Database = "su_statements_bench", AllowUserVariables = true, DefaultCommandTimeout = 600 }.ConnectionString;
var settings = new DatabaseSettings(DatabaseProvider.MySql, cs, false, "10.11.0-mariadb");
var options = (DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(settings).Options;
var monthEnd = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
var first = monthEnd.AddHours(-hours);
var asOf = monthEnd.AddHours(2);
string T(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

await using (var db = new ServiceUsageDbContext(options))
{
    await db.Database.EnsureDeletedAsync();
    await db.Database.MigrateAsync();
}
var setup = Stopwatch.StartNew();
await Sql($$"""
    INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS) VALUES
      ('hourly', '2026-01-01', 'hourly', '{"serviceId":"mysql","hourlyPrice":0.0417,"onSale":true}'),
      ('monthly', '2026-01-01', 'monthly', '{"serviceId":"mysql","monthlyPrice":30,"onSale":true}');
    INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
        AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
    SELECT LPAD(seq, 32, '0'), 'postpay', CONCAT('tenant-', seq), 'mysql', 1 + seq % 7, 'hourly', '{{T(first)}}', NULL,
        'active', 0, 0, '{{T(monthEnd)}}', 0, '{{T(first)}}', '{{T(first)}}'
    FROM seq_1_to_{{tenants}};
    INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
        AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
    SELECT LPAD(CONCAT('p', seq), 32, '0'), 'prepay', CONCAT('tenant-', seq), 'mysql', 1, 'monthly', '2026-11-10', '2026-12-10',
        'active', 1, 1, NULL, 0, '2026-11-10', '2026-11-10'
    FROM seq_1_to_{{tenants}} WHERE seq % 10 = 0;
    INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
    SELECT o.ORDER_ID, o.USER, 'usage', o.BEGIN_TIME + INTERVAL h.seq HOUR, o.BEGIN_TIME + INTERVAL (h.seq + 1) HOUR, ROUND(o.SERVICE_QUANTITIES * 0.0417, 4),
        JSON_OBJECT('planId', 'hourly', 'serviceId', 'mysql', 'versionBeginTime', '2026-01-01T00:00:00Z', 'unitPrice', 0.0417,
            'quantity', o.SERVICE_QUANTITIES, 'months', NULL, 'versions', NULL)
    FROM seq_0_to_{{hours - 1}} h JOIN DF_PURCHASE_ORDER o ON o.TYPE = 'postpay'
    ORDER BY h.seq, o.ORDER_ID;
    INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
    SELECT ORDER_ID, USER, 'purchase', BEGIN_TIME, END_TIME, 30.0000,
        JSON_OBJECT('planId', 'monthly', 'serviceId', 'mysql', 'versionBeginTime', '2026-01-01T00:00:00Z', 'unitPrice', 30, 'quantity', 1, 'months', 1, 'versions', NULL)
    FROM DF_PURCHASE_ORDER WHERE TYPE = 'prepay';
    ANALYZE TABLE DF_USAGE_HISTORY, DF_PURCHASE_ORDER;
    """);
var rows = await Scalar("SELECT COUNT(*) FROM DF_USAGE_HISTORY");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{tenants:N0} tenants, {rows:N0} rows in November 2026 ({hours} usage hours each, every tenth a prepaid purchase too); set up in {setup.Elapsed.TotalSeconds:F0} s; MariaDB on 127.0.0.1; {Environment.ProcessorCount} cores."));
Console.WriteLine();
Console.WriteLine("| what | rows read | time | rows/s | peak working set of the process |");
Console.WriteLine("|---|---|---|---|---|");

// The floor: the lines' GROUP BY over the month's rows, read to the client, nothing written.
await Sql("SELECT COUNT(*) FROM DF_USAGE_HISTORY WHERE PAYMENT >= 0"); // warm the buffer pool alike for every step
var floor = await TimeAsync(() => Sql("""
    SELECT USER, ORDER_ID, KIND, CAST(ORDER_DETAILS AS CHAR(2048)) a, SUM(PAYMENT), COUNT(*), MIN(BEGIN_TIME), MAX(END_TIME)
    FROM DF_USAGE_HISTORY WHERE BEGIN_TIME >= '2026-11-01' AND BEGIN_TIME < '2026-12-01'
    GROUP BY USER, ORDER_ID, KIND, a
    """));
Report("floor: GROUP BY tenant, order, kind, what applied (the lines' grouping)", rows, floor);
var plainFloor = await TimeAsync(() => Sql("""
    SELECT USER, ORDER_ID, KIND, SUM(PAYMENT), COUNT(*) FROM DF_USAGE_HISTORY
    WHERE BEGIN_TIME >= '2026-11-01' AND BEGIN_TIME < '2026-12-01' GROUP BY USER, ORDER_ID, KIND
    """));
Report("floor without the JSON keys: GROUP BY tenant, order, kind", rows, plainFloor);

// The job's path, twice: with the ledger already scanned for late rows by the month's earlier daily runs (as in
// production, where only the rows since yesterday's run are new), and cold (every row new to the scan).
ClosingResult result = ClosingResult.Empty;
await Sql("UPDATE SU_STATEMENT_STATE SET ScannedThrough = (SELECT MAX(USAGE_ID) FROM DF_USAGE_HISTORY);");
var steady = await TimeAsync(async () => result = await CloseAsync());
Report($"statements run, ledger scanned by earlier runs: {result.StatementsClosed:N0} statements", rows, steady);
await Sql("DELETE FROM SU_STATEMENT_LINE; DELETE FROM SU_STATEMENT; UPDATE SU_STATEMENT_STATE SET NextSequence = 1, ScannedThrough = 0;");
var cold = await TimeAsync(async () => result = await CloseAsync());
Report($"statements run, cold (scans every row for late ones): {result.StatementsClosed:N0} statements", rows, cold);
if (result.StatementsClosed != tenants) throw new InvalidOperationException($"closed {result.StatementsClosed}, not {tenants}");
var lines = await Scalar("SELECT COUNT(*) FROM SU_STATEMENT_LINE");
var charged = await Scalar("SELECT ROUND(SUM(Charged)) FROM SU_STATEMENT");
var ledger = await Scalar("SELECT ROUND(SUM(PAYMENT)) FROM DF_USAGE_HISTORY");
if (charged != ledger) throw new InvalidOperationException($"statements charge {charged}, the ledger holds {ledger}");

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio run/floor: {steady / floor:F2}x (ledger already scanned), {cold / floor:F2}x (cold); lines stored: {lines:N0}; charged {charged:N0} = ledger {ledger:N0}"));
return 0;

async Task<ClosingResult> CloseAsync()
{
    GC.Collect();
    await using var db = new ServiceUsageDbContext(options);
    var clock = new FakeTimeProvider(new DateTimeOffset(asOf));
    var closing = new StatementClosing(db, new StatementLedger(db), clock, Options.Create(new BillingOptions()), NullLogger<StatementClosing>.Instance);
    return await closing.CloseDueAsync(asOf);
}

static async Task<TimeSpan> TimeAsync(Func<Task> work)
{
    using var self = Process.GetCurrentProcess();
    var cpu = self.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    await work();
    self.Refresh();
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (this process used {(self.TotalProcessorTime - cpu).TotalSeconds:F2} s of CPU in {watch.Elapsed.TotalSeconds:F2} s)"));
    return watch.Elapsed;
}

void Report(string what, long count, TimeSpan time)
{
    using var self = Process.GetCurrentProcess();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {what} | {count:N0} | {time.TotalSeconds:F2} s | {count / time.TotalSeconds:N0} | {self.PeakWorkingSet64 / 1024 / 1024:N0} MB |"));
}

async Task Sql(string sql)
{
    await using var c = new MySqlConnection(cs);
    await c.OpenAsync();
    await using var command = new MySqlCommand(sql, c) { CommandTimeout = 600 };
    await using var reader = await command.ExecuteReaderAsync();
    do { while (await reader.ReadAsync()) { } } while (await reader.NextResultAsync());
}

async Task<long> Scalar(string sql)
{
    await using var c = new MySqlConnection(cs);
    await c.OpenAsync();
    await using var command = new MySqlCommand(sql, c);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}
