using System.Net;
using System.Text.Json;
using MySqlConnector;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Operations;

/// <summary>The published build, started as the container starts it, in Production.</summary>
public sealed class PublishedHostTests(PublishedHostFixture fixture) : IClassFixture<PublishedHostFixture>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/healthz/live")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/css/app.css")]
    [InlineData("/img/favicon.svg")]
    [InlineData("/account/login")]
    [InlineData("/metrics")]
    public async Task Health_assets_and_the_portal_answer_200_in_production(string path)
    {
        await using var host = await fixture.StartAsync();
        var response = await host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0);
    }

    [Fact]
    public async Task Metrics_on_a_port_of_their_own_are_not_served_on_the_apps_port_and_assets_stay_cacheable()
    {
        var port = PublishedHostFixture.FreePort();
        await using var host = await fixture.StartAsync(new Dictionary<string, string> { ["Metrics__Port"] = port.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/metrics")).StatusCode);
        using var scraper = new HttpClient();
        var scraped = await scraper.GetAsync($"http://127.0.0.1:{port}/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("http_server_request_duration", await scraped.Content.ReadAsStringAsync());

        // Static assets keep their own caching; pages get the portal's policy (the browser tests check nothing is blocked).
        var script = await host.Client.GetAsync("/_framework/blazor.web.js");
        Assert.NotEqual("no-store", script.Headers.CacheControl?.ToString());
        Assert.Contains("script-src 'self'", (await host.Client.GetAsync("/account/login")).Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Ready_reports_database_and_job_server_once_the_job_server_has_started()
    {
        await using var host = await fixture.StartAsync();
        HttpResponseMessage response = null!;
        for (var i = 0; i < 60; i++)
        {
            response = await host.Client.GetAsync("/healthz/ready");
            if (response.StatusCode == HttpStatusCode.OK) break;
            await Task.Delay(250);
        }
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("jobs").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Logs_are_one_json_object_per_line_and_a_failed_sign_in_never_carries_the_password()
    {
        await using var host = await fixture.StartAsync();
        const string secret = "Very-Secret-Pa55word!";
        var response = await PortalSignIn.PostLoginAsync(host.Client, "nobody", secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the form again, with an error
        Assert.Contains("Wrong user name or password", await response.Content.ReadAsStringAsync());

        var lines = host.Lines.Where(l => l.TrimStart().StartsWith('{')).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        Assert.Contains(lines, l => l.Contains("Failed sign-in") && l.Contains("nobody"));
        Assert.DoesNotContain(host.Lines, l => l.Contains(secret));
    }

    [Fact]
    public async Task Sigterm_stops_the_host_cleanly_within_the_shutdown_timeout()
    {
        var host = await fixture.StartAsync();
        await using (host)
        {
            Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains(host.Lines, l => l.Contains("Application is shutting down"));
        }
    }

    [Fact]
    public async Task Sigterm_during_a_long_billing_run_leaves_whole_batches_only_and_a_cancelled_record_of_them()
    {
        const int orders = 20_000;
        await SeedOrdersBehindAsync(orders);
        var host = await fixture.StartAsync(LongRun);
        await using (host)
        {
            await WaitForFirstCommitAsync();
            Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(40)));
        }

        // Stopped mid-run: some orders charged, not all; every order either has all its rows and CHARGED_UNTIL
        // moved by as many hours, or none and CHARGED_UNTIL untouched. A partial batch would break one of the two.
        var rows = await ScalarAsync("SELECT COUNT(*) FROM DF_USAGE_HISTORY");
        Assert.InRange(rows, 1, orders * 24L - 1);
        Assert.Equal(0, await ScalarAsync("""
            SELECT COUNT(*) FROM DF_PURCHASE_ORDER o
            WHERE (SELECT COUNT(*) FROM DF_USAGE_HISTORY u WHERE u.ORDER_ID = o.ORDER_ID) <> TIMESTAMPDIFF(HOUR, o.BEGIN_TIME, o.CHARGED_UNTIL)
               OR TIMESTAMPDIFF(HOUR, o.BEGIN_TIME, o.CHARGED_UNTIL) NOT IN (0, 24, 25)
            """));
        // The run record says what it committed: a row for every charge, an order for every order charged.
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM SU_BILLING_RUN WHERE Job = 'postpay-billing'"));
        Assert.Equal("cancelled", await TextAsync("SELECT Outcome FROM SU_BILLING_RUN WHERE Job = 'postpay-billing'"));
        Assert.Equal(rows, await ScalarAsync("SELECT RowsCharged FROM SU_BILLING_RUN WHERE Job = 'postpay-billing'"));
        Assert.Equal(await ScalarAsync("SELECT COUNT(DISTINCT ORDER_ID) FROM DF_USAGE_HISTORY"),
            await ScalarAsync("SELECT OrdersSeen FROM SU_BILLING_RUN WHERE Job = 'postpay-billing'"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM SU_BILLING_RUN WHERE MoneyCharged <> (SELECT SUM(PAYMENT) FROM DF_USAGE_HISTORY) AND Job = 'postpay-billing'"));
    }

    [Fact]
    public async Task Kill_9_during_a_billing_run_leaves_its_committed_counts_and_the_next_host_marks_it_abandoned()
    {
        await SeedOrdersBehindAsync(20_000);
        var first = await fixture.StartAsync(LongRun);
        await using (first)
        {
            await WaitForFirstCommitAsync();
            await first.KillAsync();
        }
        var rows = await ScalarAsync("SELECT COUNT(*) FROM DF_USAGE_HISTORY");
        Assert.Equal("running", await TextAsync("SELECT Outcome FROM SU_BILLING_RUN WHERE Job = 'postpay-billing'"));
        Assert.Equal(rows, await ScalarAsync("SELECT RowsCharged FROM SU_BILLING_RUN WHERE Job = 'postpay-billing'"));

        await using var second = await fixture.StartAsync(LongRun);
        var outcome = "";
        for (var i = 0; i < 150 && outcome != "abandoned"; i++)
        {
            await Task.Delay(200);
            outcome = await TextAsync("SELECT Outcome FROM SU_BILLING_RUN WHERE Job = 'postpay-billing' ORDER BY Id LIMIT 1");
        }
        Assert.Equal("abandoned", outcome);
        Assert.Equal(rows, await ScalarAsync("SELECT RowsCharged FROM SU_BILLING_RUN WHERE Job = 'postpay-billing' ORDER BY Id LIMIT 1"));
    }

    [Fact]
    public async Task Kill_9_during_a_renewal_run_leaves_every_committed_renewal_with_its_one_event_and_no_event_without_one()
    {
        const int orders = 20_000;
        await SeedRenewalsDueAsync(orders);
        var host = await fixture.StartAsync(LongRenewals);
        await using (host)
        {
            await WaitForFirstCommitAsync();
            await host.KillAsync();
        }

        // The host's own composition records the events: as many as renewals, and each renewal's order named by one.
        var renewals = await ScalarAsync("SELECT COUNT(*) FROM DF_USAGE_HISTORY WHERE KIND = 'renewal'");
        Assert.InRange(renewals, 1, orders);
        Assert.Equal(renewals, await ScalarAsync("SELECT COUNT(*) FROM SU_EVENT WHERE TYPE = 'order.renewed'"));
        Assert.Equal(renewals, await ScalarAsync("SELECT COUNT(*) FROM DF_PURCHASE_ORDER WHERE PAID_MONTHS = 2"));
        Assert.Equal(0, await ScalarAsync("""
            SELECT COUNT(*) FROM DF_USAGE_HISTORY u WHERE u.KIND = 'renewal' AND NOT EXISTS
              (SELECT 1 FROM SU_EVENT e WHERE e.TYPE = 'order.renewed' AND JSON_VALUE(e.DATA, '$.orderId') = u.ORDER_ID)
            """));
    }

    /// <summary>The lifecycle job every second in batches of 200 orders.</summary>
    private static readonly Dictionary<string, string> LongRenewals = new()
    {
        ["Jobs__PrepayCron"] = "* * * * * *",
        ["Jobs__SchedulePollingInterval"] = "00:00:01",
        ["Billing__BatchSize"] = "200",
    };

    /// <summary>Auto-renewing prepay orders of one month that ended an hour ago, an empty ledger, no events or run records.</summary>
    private async Task SeedRenewalsDueAsync(int orders)
    {
        var end = DateTime.UtcNow.AddHours(-1);
        var (from, to) = (end.AddMonths(-1).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            end.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await ScalarAsync($$"""
            DELETE FROM DF_USAGE_HISTORY; DELETE FROM DF_PURCHASE_ORDER; DELETE FROM SU_BILLING_RUN; DELETE FROM SU_EVENT;
            DELETE FROM DF_PLAN_DETAILS WHERE PLAN_ID = 'renewals';
            INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS)
            VALUES ('renewals', '2020-01-01', 'renewals', '{"serviceId":"mysql","monthlyPrice":30,"onSale":true}');
            INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME,
                STATUS, AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
            SELECT LPAD(seq, 32, '0'), 'prepay', CONCAT('t', seq % 100), 'mysql', 1, 'renewals', '{{from}}', '{{to}}',
                'active', 1, 1, NULL, 0, '{{from}}', '{{from}}'
            FROM seq_1_to_{{orders}};
            SELECT 0; -- the script runs through the scalar helper
            """);
    }

    /// <summary>A billing run every second in batches of 200 orders, so a run over the seeded orders lasts several seconds.</summary>
    private static readonly Dictionary<string, string> LongRun = new()
    {
        ["Jobs__PostpayCron"] = "* * * * * *",
        ["Jobs__SchedulePollingInterval"] = "00:00:01",
        ["Billing__BatchSize"] = "200",
    };

    /// <summary>
    /// Postpay orders with 24 uncharged hours each (25 if the clock passes an hour during the test), an empty ledger
    /// and no run records.
    /// </summary>
    private async Task SeedOrdersBehindAsync(int orders)
    {
        var begin = DateTime.UtcNow.AddHours(-24);
        begin = new DateTime(begin.Year, begin.Month, begin.Day, begin.Hour, 0, 0, DateTimeKind.Utc);
        var at = begin.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        await ScalarAsync($$"""
            DELETE FROM DF_USAGE_HISTORY; DELETE FROM DF_PURCHASE_ORDER; DELETE FROM SU_BILLING_RUN;
            DELETE FROM DF_PLAN_DETAILS WHERE PLAN_ID = 'sigterm';
            INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS)
            VALUES ('sigterm', '2020-01-01', 'sigterm', '{"serviceId":"mysql","hourlyPrice":0.5,"onSale":true}');
            INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME,
                STATUS, AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
            SELECT LPAD(seq, 32, '0'), 'postpay', CONCAT('t', seq % 100), 'mysql', 1, 'sigterm', '{{at}}', NULL,
                'active', 0, 0, '{{at}}', 0, '{{at}}', '{{at}}'
            FROM seq_1_to_{{orders}};
            SELECT 0; -- the script runs through the scalar helper
            """);
    }

    private async Task WaitForFirstCommitAsync()
    {
        var charged = 0L;
        for (var i = 0; i < 300 && charged == 0; i++)
        {
            await Task.Delay(100);
            charged = await ScalarAsync("SELECT COUNT(*) FROM DF_USAGE_HISTORY");
        }
        Assert.True(charged > 0, "the billing run did not start");
    }

    private async Task<string> TextAsync(string sql)
    {
        await using var connection = new MySqlConnection(fixture.Database.Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new MySqlConnection(fixture.Database.Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
