using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using MySqlConnector;

// GET /usageapi/v1/amount on the real host against the bare SQL aggregate over the raw rows (the floor the daily
// rollups must beat), over the same window, for a tenant with 10 orders and one with 1,000, alternating in one run.
// Usage: AmountBench <apiBase> <bearer> <mysqlConnectionString> [iterations] [concurrency] [seconds]
var (api, bearer, connectionString) = (args[0], args[1], args[2]);
var iterations = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 300;
var concurrency = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 16;
var seconds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 20;
var inv = CultureInfo.InvariantCulture;

const string Sql = "SELECT SUM(PAYMENT) FROM DF_USAGE_HISTORY WHERE USER = @u AND BEGIN_TIME >= @s AND END_TIME <= @e";
var year = (Start: new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), End: new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
var hours = (Start: new DateTime(2025, 1, 1, 5, 0, 0, DateTimeKind.Utc), End: new DateTime(2025, 12, 31, 17, 0, 0, DateTimeKind.Utc));

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);

string Url(string user, DateTime s, DateTime e) =>
    $"{api.TrimEnd('/')}/usageapi/v1/amount?user={user}&starttime={s:yyyy-MM-ddTHH:mm:ssZ}&endtime={e:yyyy-MM-ddTHH:mm:ssZ}";

async Task<decimal> ApiOnce(string url)
{
    using var response = await http.GetAsync(url);
    response.EnsureSuccessStatusCode();
    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    return json.RootElement.GetProperty("total").GetDecimal();
}

async Task<decimal> SqlOnce(MySqlConnection connection, string user, DateTime s, DateTime e)
{
    await using var command = new MySqlCommand(Sql, connection) { CommandTimeout = 600 };
    command.Parameters.AddWithValue("@u", user);
    command.Parameters.AddWithValue("@s", s);
    command.Parameters.AddWithValue("@e", e);
    return Convert.ToDecimal(await command.ExecuteScalarAsync(), inv);
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

static async Task<double> Time(Func<Task> call)
{
    var sw = Stopwatch.StartNew();
    await call();
    return sw.Elapsed.TotalMilliseconds;
}

await using var sql = new MySqlConnection(connectionString);
await sql.OpenAsync();
Console.WriteLine("| tenant, window | GET /amount median | p95 | bare SUM over the rows, median | p95 | endpoint / bare SUM | calls (endpoint, SUM) |");
Console.WriteLine("|---|---|---|---|---|---|---|");
// Alternating, so both see the same cache and machine load; the big tenant's bare SUM reads 8.76M index entries, so it
// runs once per `every` endpoint calls.
// The host warms up first on every measured call (200 each, then a pause for the JIT's tier-1 recompilation), so the
// first row is not measured while the host is still compiling.
foreach (var warmUser in new[] { "bench-tenant", "bench-large" })
    foreach (var warmWindow in new[] { year, hours })
        for (var i = 0; i < 200; i++) await ApiOnce(Url(warmUser, warmWindow.Start, warmWindow.End));
await Task.Delay(TimeSpan.FromSeconds(3));

foreach (var (user, orders, every) in new[] { ("bench-tenant", 10, 1), ("bench-large", 1000, 20) })
{
    foreach (var (label, window) in new[] { ("a year, whole days", year), ("a year, edges at 05:00 and 17:00", hours) })
    {
        var url = Url(user, window.Start, window.End);
        var (apiTotal, sqlTotal) = (await ApiOnce(url), await SqlOnce(sql, user, window.Start, window.End));
        if (apiTotal != sqlTotal) Console.WriteLine($"MISMATCH {user} {label}: API total {apiTotal}, SQL sum {sqlTotal}");
        for (var i = 0; i < 30; i++) await ApiOnce(url);
        var (apiTimes, sqlTimes) = (new List<double>(), new List<double>());
        for (var i = 0; i < iterations; i++)
        {
            apiTimes.Add(await Time(() => ApiOnce(url)));
            if (i % every == 0) sqlTimes.Add(await Time(() => SqlOnce(sql, user, window.Start, window.End)));
        }
        Console.WriteLine(string.Format(inv, "| {0} ({1:N0} orders), {2} | **{3:F2} ms** | {4:F2} ms | {5:F2} ms | {6:F2} ms | **{7:F3}** | {8}, {9} |",
            user, orders, label, Percentile(apiTimes, 0.5), Percentile(apiTimes, 0.95), Percentile(sqlTimes, 0.5), Percentile(sqlTimes, 0.95),
            Percentile(apiTimes, 0.5) / Percentile(sqlTimes, 0.5), apiTimes.Count, sqlTimes.Count));
    }
}

async Task<double> Load(Func<Task> once)
{
    var stop = DateTime.UtcNow.AddSeconds(seconds);
    var count = 0;
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (DateTime.UtcNow < stop)
        {
            await once();
            Interlocked.Increment(ref count);
        }
    });
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(workers);
    return count / sw.Elapsed.TotalSeconds;
}

var largeUrl = Url("bench-large", year.Start, year.End);
var apiLoad = await Load(async () => await ApiOnce(largeUrl));
Console.WriteLine();
Console.WriteLine(string.Format(inv, "Throughput, bench-large's year, {0} concurrent callers for {1} s: {2:F0} req/s.", concurrency, seconds, apiLoad));
