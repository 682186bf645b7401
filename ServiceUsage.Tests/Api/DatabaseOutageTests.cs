using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Api.Infrastructure;
using ServiceUsage.Web.Auth;
using Xunit.Abstractions;

namespace ServiceUsage.Tests.Api;

/// <summary>
/// MariaDB stopped under the running host: every API route answers a 503 problem at once (one attempt, no retries),
/// pages a 503 page, nothing is half-written; once MariaDB is back the host serves again by itself.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_stopped_database_answers_503_problems_without_retrying_and_the_host_recovers_by_itself()
    {
        await using var server = await PrivateMariaDb.StartAsync();
        await using var host = new ServiceUsageWebFactory(new ExternalTestDatabase(server.ConnectionString("su_outage")));
        host.Settings["SERVICEUSAGE_ADMIN_TOKEN"] = ApiHostFixture.AdminToken;
        using var api = host.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHostFixture.AdminToken);
        var now = ApiTime.Format(host.Clock.GetUtcNow().UtcDateTime);
        await ApiAssert.OkAsync(await api.PostAsJsonAsync("/usageapi/v1/plans/S/versions",
            new { beginTime = now, name = "S", serviceId = "mysql", monthlyPrice = 30m }), HttpStatusCode.Created);
        var buy = new { type = "prepay", planId = "S", quantity = 1, months = 1, user = "tom" };
        var order = (string)(await ApiAssert.OkAsync(await api.PostAsJsonAsync("/usageapi/v1/purchaseorders", buy), HttpStatusCode.Created))["order"]!["orderId"]!;
        await PortalSignIn.CreateUserAsync(host, "tom", Roles.Tenant);
        using var portal = await PortalSignIn.SignedInClientAsync(host, "tom");

        await server.StopServerAsync();
        var logsBefore = host.Logs.Entries.Count;
        var timings = new List<(string Route, long Ms)>();
        var requests = new (string Name, Func<HttpRequestMessage> Request)[]
        {
            ("GET plans", () => new(HttpMethod.Get, "/usageapi/v1/plans")),
            ("GET purchaseorders", () => new(HttpMethod.Get, "/usageapi/v1/purchaseorders")),
            ("GET purchaseorders/{id}", () => new(HttpMethod.Get, $"/usageapi/v1/purchaseorders/{order}")),
            ("GET purchaseorders/{id}/charges", () => new(HttpMethod.Get, $"/usageapi/v1/purchaseorders/{order}/charges")),
            ("PUT purchaseorders/{id}", () => new(HttpMethod.Put, $"/usageapi/v1/purchaseorders/{order}") { Content = JsonContent.Create(new { action = "cancel" }) }),
            ("POST purchaseorders (Idempotency-Key)", () => Keyed(buy, "during-outage")),
            ("GET amount", () => new(HttpMethod.Get, "/usageapi/v1/amount?user=tom&starttime=2026-01-01T00:00:00Z&endtime=2026-12-01T00:00:00Z")),
            ("GET speed", () => new(HttpMethod.Get, "/usageapi/v1/speed?user=tom")),
            ("GET tokens", () => new(HttpMethod.Get, "/usageapi/v1/tokens")),
        };
        foreach (var (name, request) in requests)
        {
            var clock = Stopwatch.StartNew();
            var response = await api.SendAsync(request());
            timings.Add((name, clock.ElapsedMilliseconds));
            var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Service unavailable", (string?)problem["title"]);
            Assert.Equal("5", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString());
        }
        var pageClock = Stopwatch.StartNew();
        var page = await portal.GetAsync($"/orders/{order}");
        timings.Add(("portal page /orders/{id}", pageClock.ElapsedMilliseconds));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("data-testid=\"unavailable\"", await page.Content.ReadAsStringAsync());

        // One attempt per request: EF never logged a retry, and each failure was logged once as a 503.
        var outageLogs = host.Logs.Entries.Skip(logsBefore).ToList();
        Assert.DoesNotContain(outageLogs, e => e.Event.Id == CoreEventId.ExecutionStrategyRetrying.Id);
        Assert.Equal(requests.Length, outageLogs.Count(e => e.Message.Contains("unavailable (503)")));

        await server.StartServerAsync();
        HttpStatusCode status = default;
        var recovery = Stopwatch.StartNew();
        for (var i = 0; i < 100 && status != HttpStatusCode.OK; i++)
        {
            status = (await api.GetAsync("/usageapi/v1/plans")).StatusCode;
            if (status != HttpStatusCode.OK) await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.OK, status);
        var recoveredAfter = recovery.ElapsedMilliseconds;

        // Nothing was half-done: the key used during the outage buys now, once; the cancel never happened.
        await ApiAssert.OkAsync(await api.SendAsync(Keyed(buy, "during-outage")), HttpStatusCode.Created);
        await ApiAssert.OkAsync(await api.SendAsync(Keyed(buy, "during-outage")), HttpStatusCode.Created);
        await using (var db = host.Database.NewContext())
        {
            Assert.Equal(2, await db.Orders.CountAsync(o => o.User == "tom"));
            Assert.Equal(2, await db.Orders.CountAsync(o => o.User == "tom" && o.Status == ServiceUsage.Domain.OrderStatus.Active));
        }
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync($"/orders/{order}")).StatusCode);

        foreach (var (route, ms) in timings) output.WriteLine($"{route}: 503 in {ms} ms");
        ReliabilityFigures.Record("database-stopped", new
        {
            routes = timings.Select(t => new { t.Route, t.Ms }),
            slowestMs = timings.Max(t => t.Ms),
            retriesLogged = 0,
            firstOkAfterRestartMs = recoveredAfter,
        });
    }

    private static HttpRequestMessage Keyed(object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/usageapi/v1/purchaseorders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
