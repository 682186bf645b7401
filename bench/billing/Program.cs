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

// A postpay-billing catch-up after an outage, beside its floor, for several sizes in one run:
// `orders` active postpay orders, each `hours` behind. For each size: the job's path (ChargingService, default options,
// in a process of its own so its peak working set is its own), then the floor: the same rows written by one
// INSERT ... SELECT, and the orders' UPDATE the job also does.
// Usage: dotnet BillingBench.dll <server connection string> [ORDERSxHOURS ...]   (default: 20000x72 2000x720 2000x72)
//        dotnet BillingBench.dll <server connection string> run <orders> <hours> [rollup|no-rollup] [warm|cold]  (the measured job run, one process; warm bills other orders first)
//        dotnet BillingBench.dll <server connection string> rollup [ORDERSxHOURS ...]  (the run without and with the daily rollups; default 100000x1)
//        dotnet BillingBench.dll <server connection string> renewals <orders>   (the events switch: a prepay-lifecycle run
//            renewing every order, without and with the order.renewed events it records, then numbering those events)
var server = args[0];
var cs = new MySqlConnectionStringBuilder(server) { Database = "su_billing_bench", AllowUserVariables = true }.ConnectionString;
var settings = new DatabaseSettings(DatabaseProvider.MySql, cs, false, "10.11.0-mariadb");
var options = (DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(settings).Options;
var asOf = new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
const decimal Price = 0.0417m;

if (args.Length > 1 && args[1] == "run")
    return await JobRunAsync(int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture),
        rollup: args.Length < 5 || args[4] != "no-rollup", warm: args.Length > 5 && args[5] == "warm");
if (args.Length > 1 && args[1] == "rollup") return await RollupCostAsync(args[2..]);
if (args.Length > 1 && args[1] == "renewals") return await RenewalsAsync(int.Parse(args[2], CultureInfo.InvariantCulture));
if (args.Length > 1 && args[1] == "run-renewals") return await RenewalRunAsync(int.Parse(args[2], CultureInfo.InvariantCulture), args[3] == "events");

var sizes = args.Length > 1 ? args[1..] : ["20000x72", "2000x720", "2000x72"];
var billing = new BillingOptions();
Console.WriteLine($"MariaDB on 127.0.0.1; {Environment.ProcessorCount} cores; batch {billing.BatchSize} orders, {billing.MaxRowsPerTransaction:N0} rows per transaction, {billing.Writers} writers.");
Console.WriteLine();
Console.WriteLine("| orders × hours behind | rows | job run | floor: INSERT ... SELECT | orders' UPDATE | run / floor | run / (floor + UPDATE) | peak working set of the job's process |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var size in sizes)
{
    var parts = size.Split('x');
    var (orders, hours) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    await SeedAsync(orders, hours);
    var serverBefore = ServerCpuSeconds();
    var job = await ChildRunAsync(orders, hours);
    var jobServer = ServerCpuSeconds() - serverBefore;
    var charged = await Scalar("SELECT COUNT(*) FROM DF_USAGE_HISTORY");
    var money = await Decimal("SELECT SUM(PAYMENT) FROM DF_USAGE_HISTORY");
    if (charged != (long)orders * hours) throw new InvalidOperationException($"the run charged {charged} rows, not {(long)orders * hours}");

    await Sql("TRUNCATE TABLE DF_USAGE_HISTORY; UPDATE DF_PURCHASE_ORDER SET CHARGED_UNTIL = BEGIN_TIME;");
    var watch = Stopwatch.StartNew();
    await Sql($"""
        INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
        SELECT o.ORDER_ID, o.USER, 'usage', o.BEGIN_TIME + INTERVAL s.seq HOUR, o.BEGIN_TIME + INTERVAL (s.seq + 1) HOUR,
            ROUND(o.SERVICE_QUANTITIES * {Price}, 4),
            JSON_OBJECT('planId', o.PLAN_ID, 'serviceId', o.SERVICE_ID, 'versionBeginTime', '2026-01-01T00:00:00Z', 'unitPrice', {Price},
                'quantity', o.SERVICE_QUANTITIES, 'months', NULL, 'versions', NULL)
        FROM DF_PURCHASE_ORDER o JOIN seq_0_to_{hours - 1} s;
        """);
    var floor = watch.Elapsed;
    var floorServer = ServerCpuSeconds() - serverBefore - jobServer;
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server CPU: job {jobServer:F1} s, floor {floorServer:F1} s (after the TRUNCATE)"));
    var floorMoney = await Decimal("SELECT SUM(PAYMENT) FROM DF_USAGE_HISTORY");
    if (floorMoney != money) throw new InvalidOperationException($"the floor wrote {floorMoney}, the run {money}");
    watch.Restart();
    await Sql($"UPDATE DF_PURCHASE_ORDER SET CHARGED_UNTIL = '{asOf:yyyy-MM-dd HH:mm:ss}', ROW_VERSION = ROW_VERSION + 1, UPDATED_AT = '{asOf:yyyy-MM-dd HH:mm:ss}';");
    var update = watch.Elapsed;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {orders:N0} × {hours} h | {charged:N0} | {job.Seconds:F1} s | {floor.TotalSeconds:F1} s | {update.TotalSeconds:F1} s | **{job.Seconds / floor.TotalSeconds:F2}x** | {job.Seconds / (floor + update).TotalSeconds:F2}x | **{job.PeakMb:N0} MB** |"));
}
return 0;

// What the daily rollups add to a run: for each size, runs without and with the rollup recorder, alternating (three of
// each, or ROLLUP_PAIRS; the ledger and rollups emptied in between), on the same orders; the rollups are checked against the ledger.
// Each job process first bills 10,000 other orders (its code compiled, as in a host that has billed before); the run
// after that is measured.
async Task<int> RollupCostAsync(string[] rollupSizes)
{
    var pairs = int.TryParse(Environment.GetEnvironmentVariable("ROLLUP_PAIRS"), out var n) && n > 0 ? n : 3;
    Console.WriteLine($"| orders × hours behind | rows | run without rollups ({pairs} runs) | run with rollups ({pairs} runs) | ratio of the medians | ratio of the means |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var size in rollupSizes.Length > 0 ? rollupSizes : ["100000x1"])
    {
        var parts = size.Split('x');
        var (orders, hours) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        await SeedAsync(orders, hours);
        var (without, with) = (new List<double>(), new List<double>());
        foreach (var rollup in Enumerable.Range(0, 2 * pairs).Select(i => i % 2 == 1))
        {
            await Sql("TRUNCATE TABLE DF_USAGE_HISTORY; TRUNCATE TABLE DF_USAGE_DAILY; TRUNCATE TABLE DF_USAGE_DAILY_USER; UPDATE DF_PURCHASE_ORDER SET CHARGED_UNTIL = BEGIN_TIME;");
            (rollup ? with : without).Add((await ChildRunAsync(orders, hours, rollup, warm: true)).Seconds);
            var ledger = await Decimal("SELECT SUM(PAYMENT) FROM DF_USAGE_HISTORY");
            var days = await Decimal("SELECT COALESCE(SUM(PAYMENT), 0) FROM DF_USAGE_DAILY");
            var users = await Decimal("SELECT COALESCE(SUM(PAYMENT), 0) FROM DF_USAGE_DAILY_USER");
            if (rollup && (days != ledger || users != ledger)) throw new InvalidOperationException($"rollups {days} / {users}, ledger {ledger}");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {orders:N0} × {hours} h | {(long)orders * hours:N0} | {string.Join(", ", without.Select(t => $"{t:F2} s"))} | {string.Join(", ", with.Select(t => $"{t:F2} s"))} | **{Median(with) / Median(without):F2}x** | {with.Average() / without.Average():F2}x |"));
    }
    return 0;

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}

// The measured run: what postpay-billing calls, with the default options, as of `hours` after the orders began.
async Task<int> JobRunAsync(int orders, int hours, bool rollup, bool warm)
{
    var contexts = new PooledDbContextFactory<ServiceUsageDbContext>(options);
    await using (var first = await contexts.CreateDbContextAsync()) await first.Orders.AnyAsync(); // the model and a connection, as a running host has them
    var charging = new ChargingService(contexts, new FakeTimeProvider(new DateTimeOffset(asOf)),
        Options.Create(new BillingOptions()), rollup ? [new DailyRollupRecorder()] : [], NullLogger<ChargingService>.Instance);
    if (warm)
    {
        // The job's code compiled and optimised, as in a host that has billed before: 10 batches on 10,000 orders of
        // 500 other tenants that began two hours before the measured orders, charged up to an hour before those began,
        // then cancelled so the measured run does not see them.
        var warmBegin = asOf.AddHours(-hours - 2).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        await Sql($$"""
            DELETE FROM DF_USAGE_HISTORY WHERE ORDER_ID LIKE 'warm-%';
            DELETE FROM DF_USAGE_DAILY WHERE ORDER_ID LIKE 'warm-%';
            DELETE FROM DF_USAGE_DAILY_USER WHERE USER LIKE 'warm-%';
            DELETE FROM DF_PURCHASE_ORDER WHERE ORDER_ID LIKE 'warm-%';
            INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
                AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
            SELECT CONCAT('warm-', LPAD(seq, 27, '0')), 'postpay', CONCAT('warm-', seq % 500), 'mysql', 1 + seq % 7, 'bench', '{{warmBegin}}', NULL,
                'active', 0, 0, '{{warmBegin}}', 0, '{{warmBegin}}', '{{warmBegin}}'
            FROM seq_1_to_10000;
            """);
        await charging.ChargePostpayAsync(asOf.AddHours(-hours - 1));
        await Sql("UPDATE DF_PURCHASE_ORDER SET STATUS = 'cancelled' WHERE ORDER_ID LIKE 'warm-%'");
    }
    var watch = Stopwatch.StartNew();
    var result = await charging.ChargePostpayAsync(asOf);
    var elapsed = watch.Elapsed;
    using var self = Process.GetCurrentProcess();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds} {result.RowsCharged} {self.PeakWorkingSet64 / 1024 / 1024} {self.TotalProcessorTime.TotalSeconds} {GC.GetTotalAllocatedBytes() / 1024 / 1024} {GC.GetTotalPauseDuration().TotalSeconds}"));
    return result.RowsCharged == (long)orders * hours ? 0 : 1;
}

// The events switch: the same renewal run without the events recorder and with it (as the host runs it), each in its
// own process on a freshly seeded database, then the sequencer numbering the events the second run recorded.
async Task<int> RenewalsAsync(int orders)
{
    Console.WriteLine($"MariaDB on 127.0.0.1; {Environment.ProcessorCount} cores; prepay-lifecycle renewing {orders:N0} orders, default options.");
    Console.WriteLine();
    Console.WriteLine("| orders renewed | run without events | run with events | with / without | CPU without (process + server) | CPU with (process + server) | events numbered by the sequencer |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    await SeedRenewalsAsync(orders);
    var serverBefore = ServerCpuSeconds();
    var (without, withoutCpu) = await ChildAsync("run-renewals", orders.ToString(CultureInfo.InvariantCulture), "none");
    var withoutServer = ServerCpuSeconds() - serverBefore;
    if (await Scalar("SELECT COUNT(*) FROM SU_EVENT") != 0) throw new InvalidOperationException("the run without events recorded some");
    await SeedRenewalsAsync(orders);
    serverBefore = ServerCpuSeconds();
    var (with, withCpu) = await ChildAsync("run-renewals", orders.ToString(CultureInfo.InvariantCulture), "events");
    var withServer = ServerCpuSeconds() - serverBefore;
    if (await Scalar("SELECT COUNT(*) FROM SU_EVENT WHERE TYPE = 'order.renewed'") != orders) throw new InvalidOperationException("not one event per renewal");
    var watch = Stopwatch.StartNew();
    var numbered = await new ServiceUsage.Domain.Events.EventSequencer(new PooledDbContextFactory<ServiceUsageDbContext>(options),
        NullLogger<ServiceUsage.Domain.Events.EventSequencer>.Instance).SequenceAsync();
    var sequencing = watch.Elapsed;
    if (numbered != orders) throw new InvalidOperationException($"numbered {numbered}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {orders:N0} | {without:F1} s | {with:F1} s | **{with / without:F2}x** | {withoutCpu:F1} s + {withoutServer:F1} s | {withCpu:F1} s + {withServer:F1} s | {sequencing.TotalSeconds:F1} s ({numbered / sequencing.TotalSeconds:N0}/s) |"));
    return 0;
}

async Task<int> RenewalRunAsync(int orders, bool events)
{
    var contexts = new PooledDbContextFactory<ServiceUsageDbContext>(options);
    await using (var warm = await contexts.CreateDbContextAsync()) await warm.Orders.AnyAsync();
    ServiceUsage.Domain.Billing.IBillingBatchRecorder[] recorders = events ? [new ServiceUsage.Domain.Events.OrderEventsRecorder()] : [];
    var charging = new ChargingService(contexts, new FakeTimeProvider(new DateTimeOffset(asOf)), Options.Create(new BillingOptions()), recorders,
        NullLogger<ChargingService>.Instance);
    var watch = Stopwatch.StartNew();
    var result = await charging.RunPrepayLifecycleAsync(asOf);
    using var self = Process.GetCurrentProcess();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds} {result.RowsCharged} {self.TotalProcessorTime.TotalSeconds}"));
    return result.RowsCharged == orders ? 0 : 1;
}

async Task<(double Seconds, double Cpu)> ChildAsync(params string[] arguments)
{
    var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, server, .. arguments]) { RedirectStandardOutput = true };
    using var child = Process.Start(start)!;
    var output = await child.StandardOutput.ReadToEndAsync();
    await child.WaitForExitAsync();
    if (child.ExitCode != 0) throw new InvalidOperationException($"the run failed: {output}");
    Console.Error.WriteLine($"{string.Join(' ', arguments)}: {output.Trim()} (seconds, rows, CPU seconds)");
    var fields = output.Trim().Split(' ');
    return (double.Parse(fields[0], CultureInfo.InvariantCulture), double.Parse(fields[2], CultureInfo.InvariantCulture));
}

// Prepay orders of one month, auto-renewing, all due once at asOf.
async Task SeedRenewalsAsync(int orders)
{
    await using (var db = new ServiceUsageDbContext(options))
    {
        await db.Database.EnsureDeletedAsync();
        await db.Database.MigrateAsync();
    }
    var begin = asOf.AddMonths(-1).AddHours(-1).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    var end = asOf.AddHours(-1).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    await Sql($$"""
        INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS)
        VALUES ('bench', '2026-01-01', 'bench', '{"serviceId":"mysql","monthlyPrice":30,"onSale":true}');
        INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
            AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
        SELECT LPAD(seq, 32, '0'), 'prepay', CONCAT('tenant-', seq % 5000), 'mysql', 1 + seq % 7, 'bench', '{{begin}}', '{{end}}',
            'active', 1, 1, NULL, 0, '{{begin}}', '{{begin}}'
        FROM seq_1_to_{{orders}};
        """);
}

async Task<(double Seconds, long PeakMb)> ChildRunAsync(int orders, int hours, bool rollup = true, bool warm = false)
{
    var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location,
        server, "run", orders.ToString(CultureInfo.InvariantCulture), hours.ToString(CultureInfo.InvariantCulture), rollup ? "rollup" : "no-rollup",
        warm ? "warm" : "cold"]) { RedirectStandardOutput = true };
    using var child = Process.Start(start)!;
    var output = await child.StandardOutput.ReadToEndAsync();
    await child.WaitForExitAsync();
    if (child.ExitCode != 0) throw new InvalidOperationException($"the job run failed: {output}");
    var fields = output.Trim().Split(' ');
    Console.Error.WriteLine($"job process: {output.Trim()} (seconds, rows, peak MB, CPU seconds, MB allocated, GC pause seconds)");
    return (double.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[2], CultureInfo.InvariantCulture));
}

// The MariaDB server's user + system CPU seconds so far (run.sh exports its pid), 0 when unknown.
static double ServerCpuSeconds()
{
    if (Environment.GetEnvironmentVariable("BENCH_MARIADB_PID") is not { Length: > 0 } pid || !File.Exists($"/proc/{pid}/stat")) return 0;
    var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

async Task SeedAsync(int orders, int hours)
{
    await using (var db = new ServiceUsageDbContext(options))
    {
        await db.Database.EnsureDeletedAsync();
        await db.Database.MigrateAsync();
    }
    var begin = asOf.AddHours(-hours).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    await Sql($$"""
        INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS)
        VALUES ('bench', '2026-01-01', 'bench', '{"serviceId":"mysql","hourlyPrice":{{Price}},"onSale":true}');
        INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
            AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
        SELECT LPAD(seq, 32, '0'), 'postpay', CONCAT('tenant-', seq % 5000), 'mysql', 1 + seq % 7, 'bench', '{{begin}}', NULL,
            'active', 0, 0, '{{begin}}', 0, '{{begin}}', '{{begin}}'
        FROM seq_1_to_{{orders}};
        """);
}

async Task Sql(string sql)
{
    await using var c = new MySqlConnection(cs);
    await c.OpenAsync();
    await using var command = new MySqlCommand(sql, c) { CommandTimeout = 3600 };
    await command.ExecuteNonQueryAsync();
}

async Task<long> Scalar(string sql) => Convert.ToInt64(await ScalarObject(sql), CultureInfo.InvariantCulture);

async Task<decimal> Decimal(string sql) => Convert.ToDecimal(await ScalarObject(sql), CultureInfo.InvariantCulture);

async Task<object?> ScalarObject(string sql)
{
    await using var c = new MySqlConnection(cs);
    await c.OpenAsync();
    await using var command = new MySqlCommand(sql, c) { CommandTimeout = 3600 };
    return await command.ExecuteScalarAsync();
}
