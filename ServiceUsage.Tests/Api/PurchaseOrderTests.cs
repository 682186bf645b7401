using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace ServiceUsage.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class PurchaseOrderTests(ApiHostFixture fixture)
{
    private const string Orders = "/usageapi/v1/purchaseorders";

    [Fact]
    public async Task Prepay_purchase_is_201_with_location_etag_and_the_charge()
    {
        var user = ApiHostFixture.NewUser();
        using var client = await fixture.TenantAsync(user);
        var response = await client.PostAsJsonAsync(Orders, new { type = "prepay", planId = "S", quantity = 2, months = 3, autoRenew = true });
        var body = await ApiAssert.OkAsync(response, HttpStatusCode.Created);
        var order = body["order"]!;
        var id = (string)order["orderId"]!;
        Assert.Equal($"{Orders}/{id}", response.Headers.Location!.ToString());
        Assert.Equal(("prepay", user, "mysql", "S", 2, "active", true),
            ((string)order["type"]!, (string)order["user"]!, (string)order["serviceId"]!, (string)order["planId"]!,
             (int)order["quantity"]!, (string)order["status"]!, (bool)order["autoRenew"]!));
        Assert.EndsWith("Z", (string)order["beginTime"]!);
        Assert.Equal(180.0000m, (decimal)body["charges"]![0]!["payment"]!);
        Assert.Equal("purchase", (string)body["charges"]![0]!["kind"]!);

        var get = await client.GetAsync($"{Orders}/{id}");
        var fetched = await ApiAssert.OkAsync(get);
        Assert.Equal(response.Headers.ETag, get.Headers.ETag);
        foreach (var field in new[] { "orderId", "type", "user", "serviceId", "planId", "quantity", "beginTime", "endTime", "status", "autoRenew", "createdAt", "updatedAt" })
            Assert.True(fetched.AsObject().ContainsKey(field), field);

        var charges = await ApiAssert.OkAsync(await client.GetAsync($"{Orders}/{id}/charges"));
        Assert.Equal(1, (int)charges["total"]!);
        Assert.Equal(180.0000m, (decimal)charges["items"]![0]!["payment"]!);
    }

    [Fact]
    public async Task Dry_run_is_200_with_the_quote_and_stores_nothing()
    {
        var user = ApiHostFixture.NewUser();
        using var client = await fixture.TenantAsync(user);
        var body = await ApiAssert.OkAsync(await client.PostAsJsonAsync(Orders, new { type = "prepay", planId = "L", quantity = 1, months = 1, dryRun = true }));
        Assert.True((bool)body["dryRun"]!);
        Assert.Equal(90.0000m, (decimal)body["net"]!);
        Assert.Equal(0, await fixture.OrderCountAsync(user));
    }

    [Fact]
    public async Task Admin_buys_for_a_user_and_tenants_cannot()
    {
        var user = ApiHostFixture.NewUser();
        using var admin = fixture.Admin();
        var body = await ApiAssert.OkAsync(await admin.PostAsJsonAsync(Orders, new { type = "postpay", planId = "P", quantity = 1, user }), HttpStatusCode.Created);
        Assert.Equal(user, (string)body["order"]!["user"]!);

        using var tenant = await fixture.TenantAsync(ApiHostFixture.NewUser());
        await ApiAssert.ProblemAsync(await tenant.PostAsJsonAsync(Orders, new { type = "postpay", planId = "P", quantity = 1, user }), HttpStatusCode.Forbidden, "user");
        Assert.Equal(1, await fixture.OrderCountAsync(user));
    }

    [Fact]
    public async Task Another_tenants_order_is_404_everywhere()
    {
        var owner = ApiHostFixture.NewUser();
        using var ownerClient = await fixture.TenantAsync(owner);
        var id = await BuyAsync(ownerClient, new { type = "postpay", planId = "P", quantity = 1 });
        using var other = await fixture.TenantAsync(ApiHostFixture.NewUser());
        await ApiAssert.ProblemAsync(await other.GetAsync($"{Orders}/{id}"), HttpStatusCode.NotFound, "orderId");
        await ApiAssert.ProblemAsync(await other.GetAsync($"{Orders}/{id}/charges"), HttpStatusCode.NotFound, "orderId");
        await ApiAssert.ProblemAsync(await other.PutJsonAsync($"{Orders}/{id}", new { action = "cancel" }), HttpStatusCode.NotFound, "orderId");
        await ApiAssert.ProblemAsync(await other.GetAsync($"/usageapi/v1/amount?order={id}&starttime=2020-01-01T00:00:00Z&endtime=2030-01-01T00:00:00Z"), HttpStatusCode.NotFound, "order");
        await ApiAssert.ProblemAsync(await other.GetAsync($"{Orders}?user={owner}"), HttpStatusCode.Forbidden, "user");
        Assert.Equal("active", (string)(await ApiAssert.OkAsync(await ownerClient.GetAsync($"{Orders}/{id}")))["status"]!);
    }

    [Fact]
    public async Task List_filters_and_pages()
    {
        var user = ApiHostFixture.NewUser();
        using var client = await fixture.TenantAsync(user);
        for (var i = 0; i < 3; i++) await BuyAsync(client, new { type = "postpay", planId = "P", quantity = i + 1 });
        var prepay = await BuyAsync(client, new { type = "prepay", planId = "S", quantity = 1, months = 1 });
        await ApiAssert.OkAsync(await client.PutJsonAsync($"{Orders}/{prepay}", new { action = "cancel" }));

        var page = await ApiAssert.OkAsync(await client.GetAsync($"{Orders}?type=postpay&status=active&page=2&size=2"));
        Assert.Equal((3, 2, 2, 1), ((int)page["total"]!, (int)page["page"]!, (int)page["size"]!, page["items"]!.AsArray().Count));
        var cancelled = await ApiAssert.OkAsync(await client.GetAsync($"{Orders}?status=cancelled"));
        Assert.Equal(prepay, (string)cancelled["items"]![0]!["orderId"]!);

        using var admin = fixture.Admin();
        Assert.Equal(4, (int)(await ApiAssert.OkAsync(await admin.GetAsync($"{Orders}?user={user}")))["total"]!);
    }

    [Fact]
    public async Task Upgrade_returns_the_charges_and_cancel_ends_the_order()
    {
        using var client = await fixture.TenantAsync(ApiHostFixture.NewUser());
        var id = await BuyAsync(client, new { type = "prepay", planId = "S", quantity = 1, months = 1 });
        fixture.Host.Clock.Advance(TimeSpan.FromDays(3));

        var quote = await ApiAssert.OkAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "upgrade", planId = "L", quantity = 1, dryRun = true }));
        Assert.True((bool)quote["dryRun"]!);
        Assert.Equal("S", (string)(await ApiAssert.OkAsync(await client.GetAsync($"{Orders}/{id}")))["planId"]!);

        var upgraded = await ApiAssert.OkAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "upgrade", planId = "L", quantity = 1 }));
        Assert.Equal("L", (string)upgraded["order"]!["planId"]!);
        Assert.Equal(["upgrade-credit", "upgrade-charge"], upgraded["charges"]!.AsArray().Select(c => (string)c!["kind"]!).ToArray());
        Assert.Equal((decimal)quote["net"]!, (decimal)upgraded["net"]!);

        await ApiAssert.ProblemAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "upgrade", planId = "S", quantity = 1 }), HttpStatusCode.Conflict);
        await ApiAssert.ProblemAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "upgrade", planId = "V", quantity = 1 }), HttpStatusCode.UnprocessableEntity, "planId");
        await ApiAssert.ProblemAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "upgrade", planId = "L", quantity = 1 }), HttpStatusCode.BadRequest);

        var cancelled = await ApiAssert.OkAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "cancel" }));
        Assert.Equal("cancelled", (string)cancelled["order"]!["status"]!);
        await ApiAssert.ProblemAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "cancel" }), HttpStatusCode.Conflict);
        await ApiAssert.ProblemAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "upgrade", planId = "L", quantity = 2 }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task If_match_with_a_stale_etag_is_412_and_changes_nothing()
    {
        using var client = await fixture.TenantAsync(ApiHostFixture.NewUser());
        var id = await BuyAsync(client, new { type = "postpay", planId = "P", quantity = 1 });
        var etag = (await client.GetAsync($"{Orders}/{id}")).Headers.ETag!.ToString();
        var upgraded = await client.PutJsonAsync($"{Orders}/{id}", new { action = "upgrade", planId = "P", quantity = 2 }, etag);
        await ApiAssert.OkAsync(upgraded);
        Assert.NotEqual(etag, upgraded.Headers.ETag!.ToString());

        await ApiAssert.ProblemAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "cancel" }, etag), HttpStatusCode.PreconditionFailed, "If-Match");
        Assert.Equal("active", (string)(await ApiAssert.OkAsync(await client.GetAsync($"{Orders}/{id}")))["status"]!);
        await ApiAssert.OkAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "cancel" }, upgraded.Headers.ETag!.ToString()));
    }

    [Fact]
    public async Task Two_concurrent_upgrades_one_wins_the_other_is_refused()
    {
        var user = ApiHostFixture.NewUser();
        using var client = await fixture.TenantAsync(user);
        var id = await BuyAsync(client, new { type = "postpay", planId = "P", quantity = 1 });
        var etag = (await client.GetAsync($"{Orders}/{id}")).Headers.ETag!.ToString();
        var responses = await Task.WhenAll(
            client.PutJsonAsync($"{Orders}/{id}", new { action = "upgrade", planId = "P", quantity = 2 }, etag),
            client.PutJsonAsync($"{Orders}/{id}", new { action = "upgrade", planId = "P", quantity = 3 }, etag));
        var codes = responses.Select(r => r.StatusCode).OrderBy(c => c).ToArray();
        Assert.Equal(HttpStatusCode.OK, codes[0]);
        Assert.Contains(codes[1], new[] { HttpStatusCode.Conflict, HttpStatusCode.PreconditionFailed });
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<JsonObject>();
        var stored = await fixture.QueryAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.OrderId == id));
        Assert.Equal((int)winner!["order"]!["quantity"]!, stored.Quantity);
        Assert.Equal(1, stored.RowVersion);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_response_and_refuses_another_body()
    {
        var user = ApiHostFixture.NewUser();
        using var client = await fixture.TenantAsync(user);
        client.DefaultRequestHeaders.Add("Idempotency-Key", "key-" + Guid.NewGuid());
        var first = await client.PostAsJsonAsync(Orders, new { type = "prepay", planId = "S", quantity = 1, months = 2 });
        var firstBody = await ApiAssert.OkAsync(first, HttpStatusCode.Created);
        var again = await client.PostAsJsonAsync(Orders, new { type = "prepay", planId = "S", quantity = 1, months = 2 });
        var againBody = await ApiAssert.OkAsync(again, HttpStatusCode.Created);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(firstBody.ToJsonString(), againBody.ToJsonString());
        Assert.Equal(1, await fixture.OrderCountAsync(user));

        await ApiAssert.ProblemAsync(await client.PostAsJsonAsync(Orders, new { type = "prepay", planId = "S", quantity = 2, months = 2 }),
            HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(1, await fixture.OrderCountAsync(user));
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_buy_once()
    {
        var user = ApiHostFixture.NewUser();
        using var client = await fixture.TenantAsync(user);
        client.DefaultRequestHeaders.Add("Idempotency-Key", "race-" + Guid.NewGuid());
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.PostAsJsonAsync(Orders, new { type = "postpay", planId = "P", quantity = 1 })));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Equal(1, await fixture.OrderCountAsync(user));
    }

    [Fact]
    public async Task Sql_and_html_in_a_user_id_are_stored_verbatim_and_echoed_escaped()
    {
        var user = "o'; DROP TABLE DF_USAGE_HISTORY; -- <img src=x onerror=alert(1)>" + Guid.NewGuid().ToString("N")[..6];
        using var admin = fixture.Admin();
        var response = await admin.PostAsJsonAsync(Orders, new { type = "postpay", planId = "P", quantity = 1, user });
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.DoesNotContain("<img", text);
        Assert.Equal(user, (string)JsonNode.Parse(text)!["order"]!["user"]!);
        Assert.Equal(1, await fixture.OrderCountAsync(user));
        var list = await ApiAssert.OkAsync(await admin.GetAsync($"{Orders}?user={Uri.EscapeDataString(user)}"));
        Assert.Equal(1, (int)list["total"]!);
    }

    private static async Task<string> BuyAsync(HttpClient client, object body)
    {
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync(Orders, body), HttpStatusCode.Created);
        return (string)created["order"]!["orderId"]!;
    }
}
