using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MySqlConnector;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Time;
using ServiceUsage.Tests.Api;
using ServiceUsage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ServiceUsage.Tests.Jobs;

/// <summary>
/// The platform keeps writing while a large billing run holds its batches: creates, upgrades and cancels through the
/// API, many of them on the very orders the run is charging. All must succeed (no 409 for a caller without If-Match,
/// no deadlock), and the ledger must come out whole.
/// </summary>
public sealed class WritesDuringRunTests(ITestOutputHelper output)
{
    // Large enough that the run outlasts the 200 writes on the 2-core CI machine, no larger. The upgrades and cancels
    // walk the orders in the order the run charges them, so many wait for the batch that holds their order.
    private const int Orders = 40_000;
    private const int HoursBehind = 2;
    private const int Writes = 200;

    [Fact]
    public async Task Two_hundred_api_writes_during_a_large_billing_run_all_succeed_and_the_ledger_stays_whole()
    {
        await using var database = await MariaDbTestDatabase.CreateAsync();
        await using var host = new ServiceUsageWebFactory(database);
        host.Settings["SERVICEUSAGE_ADMIN_TOKEN"] = ApiHostFixture.AdminToken;
        var now = BillingTime.NextHour(BillingTime.Now(host.Clock));
        host.Clock.SetUtcNow(now);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHostFixture.AdminToken);
        await SeedAsync(database, now.AddHours(-HoursBehind));

        var watch = Stopwatch.StartNew();
        var run = Task.Run(() => host.RunBillingAsync());
        await WaitForFirstCommitAsync(database);
        var started = watch.Elapsed;
        var results = new List<(int Status, string Body, bool DuringRun, double Ms)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Writes), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var (sent, duringRun) = (watch.Elapsed, !run.IsCompleted);
            using var response = await WriteAsync(client, i, ct);
            var result = ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct), duringRun, (watch.Elapsed - sent).TotalMilliseconds);
            lock (results) results.Add(result);
        });
        var writesDone = watch.Elapsed;
        var chargedByThen = await ScalarAsync(database, "SELECT COUNT(*) FROM DF_USAGE_HISTORY");
        var record = await run;
        output.WriteLine($"first commit at {started.TotalSeconds:F1} s, writes done at {writesDone.TotalSeconds:F1} s ({chargedByThen} rows charged), run done at {watch.Elapsed.TotalSeconds:F1} s; {results.Count(r => r.DuringRun)} writes sent during the run; " +
            $"latency median {results.Select(r => r.Ms).Order().ElementAt(Writes / 2):F0} ms, max {results.Max(r => r.Ms):F0} ms");

        Assert.Empty(results.Where(r => r.Status >= 300).Select(r => $"{r.Status} {r.Body[Math.Min(r.Body.Length, 60)..]}").Distinct());
        // Most writes must overlap the run (all do on a quiet machine; under heavy load the run can end a few writes early).
        Assert.True(results.Count(r => r.DuringRun) >= Writes * 3 / 4, $"only {results.Count(r => r.DuringRun)} of {Writes} writes overlapped the run");
        Assert.Equal(BillingRunOutcome.Succeeded, record!.Outcome);
        // Whole: every postpay order's usage rows tile [BEGIN_TIME, CHARGED_UNTIL) once, and the seeded ones reach now.
        Assert.Equal(0L, await ScalarAsync(database, """
            SELECT COUNT(*) FROM DF_PURCHASE_ORDER o
            LEFT JOIN (SELECT ORDER_ID, COUNT(*) n, COUNT(DISTINCT BEGIN_TIME) d, MIN(BEGIN_TIME) b, MAX(END_TIME) e,
                              SUM(TIMESTAMPDIFF(MICROSECOND, BEGIN_TIME, END_TIME)) span
                       FROM DF_USAGE_HISTORY WHERE KIND = 'usage' GROUP BY ORDER_ID) u ON u.ORDER_ID = o.ORDER_ID
            WHERE o.TYPE = 'postpay' AND o.CHARGED_UNTIL > o.BEGIN_TIME
              AND (u.n IS NULL OR u.n <> u.d OR u.b <> o.BEGIN_TIME OR u.e <> o.CHARGED_UNTIL
                   OR u.span <> TIMESTAMPDIFF(MICROSECOND, o.BEGIN_TIME, o.CHARGED_UNTIL))
            """));
        Assert.Equal(0L, await ScalarAsync(database, $"SELECT COUNT(*) FROM DF_PURCHASE_ORDER WHERE ORDER_ID LIKE 'seed%' AND CHARGED_UNTIL <> '{now:yyyy-MM-dd HH:mm:ss}'"));
    }

    /// <summary>Write i: a third buy (postpay and prepay), a third upgrade and a third cancel seeded orders spread over the run's range.</summary>
    private static Task<HttpResponseMessage> WriteAsync(HttpClient client, int i, CancellationToken ct)
    {
        var target = $"/usageapi/v1/purchaseorders/{SeedId(1 + i * (Orders / Writes))}";
        return (i % 3) switch
        {
            0 when i % 2 == 0 => client.PostAsJsonAsync("/usageapi/v1/purchaseorders", new { type = "postpay", planId = "P", quantity = 1, user = $"w{i}" }, ct),
            0 => client.PostAsJsonAsync("/usageapi/v1/purchaseorders", new { type = "prepay", planId = "S", quantity = 1, months = 1, user = $"w{i}" }, ct),
            1 => client.PutAsJsonAsync(target, new { action = "upgrade", planId = "P", quantity = 2 }, ct),
            _ => client.PutAsJsonAsync(target, new { action = "cancel" }, ct),
        };
    }

    private static string SeedId(int n) => "seed" + n.ToString("D28", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task SeedAsync(TestDatabase database, DateTime begin)
    {
        var at = begin.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        await ScalarAsync(database, $$"""
            INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS) VALUES
                ('P', '2020-01-01', 'P', '{"serviceId":"mysql","hourlyPrice":1.2,"onSale":true}'),
                ('S', '2020-01-01', 'S', '{"serviceId":"mysql","monthlyPrice":30,"onSale":true}');
            INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME,
                STATUS, AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
            SELECT CONCAT('seed', LPAD(seq, 28, '0')), 'postpay', CONCAT('t', seq % 500), 'mysql', 1, 'P', '{{at}}', NULL,
                'active', 0, 0, '{{at}}', 0, '{{at}}', '{{at}}'
            FROM seq_1_to_{{Orders}};
            SELECT 0;
            """);
    }


    private static async Task WaitForFirstCommitAsync(TestDatabase database)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await ScalarAsync(database, "SELECT COALESCE(SUM(RowsCharged), 0) FROM SU_BILLING_RUN") > 0) return;
            await Task.Delay(50);
        }
        Assert.Fail("the billing run committed nothing");
    }

    private static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = new MySqlConnection(database.Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
