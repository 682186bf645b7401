using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Tests.Api;

/// <summary>GET /events: what the API's and the jobs' changes recorded, a tenant's own or (admins) anyone's, in sequence order.</summary>
[Collection(ApiCollection.Name)]
public sealed class EventsApiTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task Each_change_made_through_the_api_appears_once_in_the_feed_with_the_order_the_api_answered()
    {
        var user = ApiHostFixture.NewUser("ev");
        using var client = await fixture.TenantAsync(user);
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/usageapi/v1/purchaseorders",
            new { type = "prepay", planId = "S", quantity = 1, months = 1 }), HttpStatusCode.Created);
        var id = (string)created["order"]!["orderId"]!;
        var url = $"/usageapi/v1/purchaseorders/{id}";
        // Neither a dry run nor a refusal records anything.
        await ApiAssert.OkAsync(await client.PostAsJsonAsync("/usageapi/v1/purchaseorders", new { type = "prepay", planId = "S", quantity = 1, months = 1, dryRun = true }));
        await ApiAssert.ProblemAsync(await client.PostAsJsonAsync("/usageapi/v1/purchaseorders", new { type = "prepay", planId = "P", quantity = 1, months = 1 }), HttpStatusCode.UnprocessableEntity);
        await ApiAssert.OkAsync(await client.PutJsonAsync(url, new { action = "upgrade", planId = "L", quantity = 1, dryRun = true }));
        await ApiAssert.ProblemAsync(await client.PutJsonAsync(url, new { action = "upgrade", planId = "S", quantity = 1 }), HttpStatusCode.BadRequest);
        var upgraded = await ApiAssert.OkAsync(await client.PutJsonAsync(url, new { action = "upgrade", planId = "L", quantity = 2 }));
        await ApiAssert.OkAsync(await client.PutJsonAsync(url, new { action = "cancel", dryRun = true }));
        var cancelled = await ApiAssert.OkAsync(await client.PutJsonAsync(url, new { action = "cancel" }));
        await ApiAssert.ProblemAsync(await client.PutJsonAsync(url, new { action = "cancel" }), HttpStatusCode.Conflict);

        var items = await FeedAsync(client, "");
        Assert.Equal(["order.created", "order.upgraded", "order.cancelled"], items.Select(i => (string)i["type"]!));
        Assert.Equal([created["order"]!.ToJsonString(), upgraded["order"]!.ToJsonString(), cancelled["order"]!.ToJsonString()],
            items.Select(i => i["data"]!.ToJsonString()));
        Assert.Equal((await ApiAssert.OkAsync(await client.GetAsync(url))).ToJsonString(), items[2]["data"]!.ToJsonString());
        Assert.All(items, i => Assert.Equal(user, (string)i["user"]!));
        Assert.Equal(3, items.Select(i => (string)i["id"]!).Distinct().Count());
        var sequences = items.Select(i => (long)i["sequence"]!).ToList();
        Assert.Equal(sequences.Order(), sequences);

        // Paging: after a sequence, at most limit items.
        var page = await FeedAsync(client, $"&after={sequences[0]}&limit=1");
        Assert.Equal([sequences[1]], page.Select(i => (long)i["sequence"]!));
        Assert.Empty(await FeedAsync(client, $"&after={sequences[2]}"));
    }

    [Fact]
    public async Task A_tenant_reads_only_its_own_events_and_an_admin_reads_anyones()
    {
        var (a, b) = (ApiHostFixture.NewUser("eva"), ApiHostFixture.NewUser("evb"));
        using var aApi = await fixture.TenantAsync(a);
        using var bApi = await fixture.TenantAsync(b);
        await ApiAssert.OkAsync(await aApi.PostAsJsonAsync("/usageapi/v1/purchaseorders", new { type = "postpay", planId = "P", quantity = 1 }), HttpStatusCode.Created);
        await ApiAssert.OkAsync(await bApi.PostAsJsonAsync("/usageapi/v1/purchaseorders", new { type = "postpay", planId = "P", quantity = 2 }), HttpStatusCode.Created);

        Assert.Equal([a], (await FeedAsync(aApi, "")).Select(i => (string)i["user"]!));
        Assert.Equal([a], (await FeedAsync(aApi, $"&user={a}")).Select(i => (string)i["user"]!));
        await ApiAssert.ProblemAsync(await bApi.GetAsync($"/usageapi/v1/events?user={a}"), HttpStatusCode.Forbidden, "user");
        using var admin = fixture.Admin();
        Assert.Equal([b], (await FeedAsync(admin, $"&user={b}")).Select(i => (string)i["user"]!));
        var all = await FeedAsync(admin, "&limit=1000");
        Assert.Contains(all, i => (string)i["user"]! == a);
        Assert.Contains(all, i => (string)i["user"]! == b);
        // The exact user: another spelling is another (empty) tenant.
        Assert.Empty(await FeedAsync(admin, $"&user={a.ToUpperInvariant()}"));
    }

    [Fact]
    public void The_document_describes_the_feed_its_parameters_and_an_events_fields()
    {
        var operation = fixture.Contract.Document["paths"]!["/usageapi/v1/events"]!["get"]!;
        Assert.Equal(["user", "after", "limit"], operation["parameters"]!.AsArray().Select(p => (string)p!["name"]!));
        Assert.Equal("int64", (string?)operation["parameters"]![1]!["schema"]!["format"]);
        var item = fixture.Contract.Document["components"]!["schemas"]!["EventResponse"]!;
        Assert.Equal(["id", "sequence", "type", "time", "user", "data"], item["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("order.renewed", (string)item["properties"]!["type"]!["description"]!);
    }

    [Theory]
    [InlineData("after=-1", "after")]
    [InlineData("after=abc", "after")]
    [InlineData("after=99999999999999999999", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    public async Task A_bad_after_or_limit_is_a_400_problem_naming_it(string query, string field)
    {
        using var client = await fixture.TenantAsync(ApiHostFixture.NewUser("evq"));
        await ApiAssert.ProblemAsync(await client.GetAsync($"/usageapi/v1/events?{query}"), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Renewals_and_expiries_made_by_the_lifecycle_job_appear_in_the_feed()
    {
        var user = ApiHostFixture.NewUser("evj");
        using var client = await fixture.TenantAsync(user);
        var renewing = (string)(await ApiAssert.OkAsync(await client.PostAsJsonAsync("/usageapi/v1/purchaseorders",
            new { type = "prepay", planId = "S", quantity = 1, months = 1, autoRenew = true }), HttpStatusCode.Created))["order"]!["orderId"]!;
        var expiring = (string)(await ApiAssert.OkAsync(await client.PostAsJsonAsync("/usageapi/v1/purchaseorders",
            new { type = "prepay", planId = "S", quantity = 1, months = 1 }), HttpStatusCode.Created))["order"]!["orderId"]!;
        fixture.Host.Clock.Advance(TimeSpan.FromDays(32));
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PrepayLifecycleJob>().RunAsync(CancellationToken.None);

        var items = await FeedAsync(client, "");
        var types = items.Select(i => (string)i["type"]!).ToList();
        Assert.Equal(["order.created", "order.created"], types.Take(2));
        Assert.Equal(["order.expired", "order.renewed"], types.Skip(2).Order(StringComparer.Ordinal));
        var renewed = items.Single(i => (string)i["type"]! == "order.renewed");
        Assert.Equal((await ApiAssert.OkAsync(await client.GetAsync($"/usageapi/v1/purchaseorders/{renewing}"))).ToJsonString(), renewed["data"]!.ToJsonString());
        var expired = items.Single(i => (string)i["type"]! == "order.expired");
        Assert.Equal((await ApiAssert.OkAsync(await client.GetAsync($"/usageapi/v1/purchaseorders/{expiring}"))).ToJsonString(), expired["data"]!.ToJsonString());
    }

    private static async Task<List<JsonNode>> FeedAsync(HttpClient client, string query)
    {
        var feed = await ApiAssert.OkAsync(await client.GetAsync("/usageapi/v1/events?" + query.TrimStart('&')));
        return feed["items"]!.AsArray().Select(i => i!).ToList();
    }
}
