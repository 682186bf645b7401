using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using MySqlConnector;

// GET /usageapi/v1/amount on the real host against the bare SQL aggregate it stands for, over the same window.
// Usage: AmountBench <apiBase> <bearer> <mysqlConnectionString> [iterations] [concurrency] [seconds]
var (api, bearer, connectionString) = (args[0], args[1], args[2]);
var iterations = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 300;
var concurrency = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 16;
var seconds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 20;

const string User = "bench-tenant";
const string Start = "2025-01-01T00:00:00Z";
const string End = "2026-01-01T00:00:00Z";
var url = $"{api.TrimEnd('/')}/usageapi/v1/amount?user={User}&starttime={Start}&endtime={End}";
const string Sql = "SELECT SUM(PAYMENT) FROM DF_USAGE_HISTORY WHERE USER = @u AND BEGIN_TIME >= @s AND END_TIME <= @e";

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);

async Task<decimal> ApiOnce()
{
    using var response = await http.GetAsync(url);
    response.EnsureSuccessStatusCode();
    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    return json.RootElement.GetProperty("total").GetDecimal();
}

async Task<decimal> SqlOnce(MySqlConnection connection)
{
    await using var command = new MySqlCommand(Sql, connection);
    command.Parameters.AddWithValue("@u", User);
    command.Parameters.AddWithValue("@s", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    command.Parameters.AddWithValue("@e", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    return Convert.ToDecimal(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

await using var sqlConnection = new MySqlConnection(connectionString);
await sqlConnection.OpenAsync();
var apiTotal = await ApiOnce();
var sqlTotal = await SqlOnce(sqlConnection);
Console.WriteLine($"check: API total {apiTotal}, SQL sum {sqlTotal}{(apiTotal == sqlTotal ? "" : "  MISMATCH")}");
for (var i = 0; i < 30; i++) { await ApiOnce(); await SqlOnce(sqlConnection); }

// Alternate the two so both see the same cache and machine load.
var apiTimes = new List<double>(iterations);
var sqlTimes = new List<double>(iterations);
for (var i = 0; i < iterations; i++)
{
    var sw = Stopwatch.StartNew();
    await ApiOnce();
    apiTimes.Add(sw.Elapsed.TotalMilliseconds);
    sw.Restart();
    await SqlOnce(sqlConnection);
    sqlTimes.Add(sw.Elapsed.TotalMilliseconds);
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

async Task<(int Count, double PerSecond)> Load(Func<Task> once)
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
    return (count, count / sw.Elapsed.TotalSeconds);
}

var apiLoad = await Load(async () => await ApiOnce());
var sqlLoad = await Load(async () =>
{
    await using var c = new MySqlConnection(connectionString);
    await c.OpenAsync();
    await SqlOnce(c);
});

var inv = CultureInfo.InvariantCulture;
Console.WriteLine($"| measure | GET /amount (host) | bare SQL aggregate |");
Console.WriteLine($"|---|---|---|");
Console.WriteLine(string.Format(inv, "| median latency, {0} sequential calls | {1:F2} ms | {2:F2} ms |", iterations, Percentile(apiTimes, 0.5), Percentile(sqlTimes, 0.5)));
Console.WriteLine(string.Format(inv, "| p95 latency | {0:F2} ms | {1:F2} ms |", Percentile(apiTimes, 0.95), Percentile(sqlTimes, 0.95)));
Console.WriteLine(string.Format(inv, "| throughput, {0} concurrent callers for {1} s | {2:F0} req/s | {3:F0} queries/s |", concurrency, seconds, apiLoad.PerSecond, sqlLoad.PerSecond));
Console.WriteLine(string.Format(inv, "ratio of medians (endpoint / bare query): {0:F2}", Percentile(apiTimes, 0.5) / Percentile(sqlTimes, 0.5)));
