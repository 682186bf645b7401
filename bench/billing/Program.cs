using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;

// One postpay-billing run over N active postpay orders (one ended hour each) beside the floor: the same N rows
// written by one INSERT ... SELECT. Usage: dotnet BillingBench.dll <server connection string> [orders] [batch size]
var server = args[0];
var orders = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
var cs = new MySqlConnectionStringBuilder(server) { Database = "su_billing_bench", AllowUserVariables = true }.ConnectionString;
var settings = new DatabaseSettings(DatabaseProvider.MySql, cs, false, "10.11.0-mariadb");
var options = (DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(settings).Options;
var asOf = new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
var begin = asOf.AddHours(-1);

await using (var db = new ServiceUsageDbContext(options))
{
    await db.Database.EnsureDeletedAsync();
    await db.Database.MigrateAsync();
}
await Sql(cs, $$"""
    INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS)
    VALUES ('bench', '2026-01-01', 'bench', '{"serviceId":"mysql","hourlyPrice":0.0417,"onSale":true}');
    INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
        AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
    SELECT LPAD(seq, 32, '0'), 'postpay', CONCAT('tenant-', seq % 5000), 'mysql', 1 + seq % 7, 'bench', '{{begin:yyyy-MM-dd HH:mm:ss}}', NULL,
        'active', 0, 0, '{{begin:yyyy-MM-dd HH:mm:ss}}', 0, '{{begin:yyyy-MM-dd HH:mm:ss}}', '{{begin:yyyy-MM-dd HH:mm:ss}}'
    FROM seq_1_to_{{orders}};
    """);

Console.WriteLine($"{orders:N0} active postpay orders, one ended hour each; batch size {batch}; MariaDB on 127.0.0.1; {Environment.ProcessorCount} cores.");
Console.WriteLine();
Console.WriteLine("| what | rows | time | rows/s | peak working set of the process |");
Console.WriteLine("|---|---|---|---|---|");

// The job's path: ChargingService.ChargePostpayAsync, batches of `batch` orders, one transaction each; first with
// one writer, then (after putting the ledger back) with the default two.
ChargeResult result = ChargeResult.Empty;
var job = TimeSpan.Zero;
long charged = 0, jobBytes = 0;
foreach (var writers in new[] { 1, 2 })
{
    await Sql(cs, "DELETE FROM DF_USAGE_HISTORY; UPDATE DF_PURCHASE_ORDER SET CHARGED_UNTIL = BEGIN_TIME;");
    GC.Collect();
    var watch = Stopwatch.StartNew();
    var billing = Options.Create(new BillingOptions { BatchSize = batch, Writers = writers });
    var charging = new ChargingService(new PooledDbContextFactory<ServiceUsageDbContext>(options), new FakeTimeProvider(new DateTimeOffset(asOf)),
        billing, [], NullLogger<ChargingService>.Instance);
    result = await charging.ChargePostpayAsync(asOf);
    job = watch.Elapsed;
    Report($"postpay-billing run (ChargingService), {writers} writer{(writers > 1 ? "s" : "")}", result.RowsCharged, job);
    charged = await Scalar(cs, "SELECT COUNT(*) FROM DF_USAGE_HISTORY");
    jobBytes = await Scalar(cs, "SELECT ROUND(AVG(LENGTH(ORDER_DETAILS))) FROM DF_USAGE_HISTORY");
    if (charged != orders) throw new InvalidOperationException($"the run charged {charged} rows, not {orders}");
}

// The floor: the same rows by one bulk statement.
await Sql(cs, "DELETE FROM DF_USAGE_HISTORY; UPDATE DF_PURCHASE_ORDER SET CHARGED_UNTIL = BEGIN_TIME;");
var floorWatch = Stopwatch.StartNew();
await Sql(cs, $"""
    INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
    SELECT ORDER_ID, USER, 'usage', BEGIN_TIME, '{asOf:yyyy-MM-dd HH:mm:ss}', ROUND(SERVICE_QUANTITIES * 0.0417, 4),
        JSON_OBJECT('planId', PLAN_ID, 'serviceId', SERVICE_ID, 'versionBeginTime', '2026-01-01T00:00:00Z', 'unitPrice', 0.0417,
            'quantity', SERVICE_QUANTITIES, 'months', NULL, 'versions', NULL)
    FROM DF_PURCHASE_ORDER;
    """);
var floor = floorWatch.Elapsed;
var floorBytes = await Scalar(cs, "SELECT ROUND(AVG(LENGTH(ORDER_DETAILS))) FROM DF_USAGE_HISTORY");
Report("floor: one INSERT ... SELECT", orders, floor);
floorWatch.Restart();
await Sql(cs, $"UPDATE DF_PURCHASE_ORDER SET CHARGED_UNTIL = '{asOf:yyyy-MM-dd HH:mm:ss}', ROW_VERSION = ROW_VERSION + 1, UPDATED_AT = '{asOf:yyyy-MM-dd HH:mm:ss}';");
var floorUpdate = floorWatch.Elapsed;
Report("the orders' UPDATE the job also does, one statement", orders, floorUpdate);
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio run (2 writers)/floor: {job / floor:F2}x; run/(floor + orders' UPDATE): {job / (floor + floorUpdate):F2}x; rows charged by the run: {charged:N0}; money: {result.MoneyCharged:N4}; ORDER_DETAILS bytes per row: run {jobBytes}, floor {floorBytes}"));
return 0;

void Report(string what, long rows, TimeSpan time)
{
    using var self = Process.GetCurrentProcess();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {what} | {rows:N0} | {time.TotalSeconds:F2} s | {rows / time.TotalSeconds:N0} | {self.PeakWorkingSet64 / 1024 / 1024:N0} MB |"));
}

static async Task Sql(string connectionString, string sql)
{
    await using var c = new MySqlConnection(connectionString);
    await c.OpenAsync();
    await using var command = new MySqlCommand(sql, c) { CommandTimeout = 600 };
    await command.ExecuteNonQueryAsync();
}

static async Task<long> Scalar(string connectionString, string sql)
{
    await using var c = new MySqlConnection(connectionString);
    await c.OpenAsync();
    await using var command = new MySqlCommand(sql, c);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}
