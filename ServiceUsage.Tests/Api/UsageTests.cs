using System.Net;
using System.Net.Http.Json;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Tests.Api;

/// <summary>GET amount and speed: the figures of BILLING.md, the caller's own user only, times in and out.</summary>
[Collection(ApiCollection.Name)]
public sealed class UsageTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task Amount_and_speed_of_a_postpay_order_with_accrued_cost()
    {
        var user = ApiHostFixture.NewUser();
        using var client = await fixture.TenantAsync(user);
        var start = DateTime.SpecifyKind(fixture.Host.Clock.GetUtcNow().UtcDateTime, DateTimeKind.Utc);
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/usageapi/v1/purchaseorders", new { type = "postpay", planId = "P", quantity = 2 }), HttpStatusCode.Created);
        var id = (string)created["order"]!["orderId"]!;
        fixture.Host.Clock.Advance(TimeSpan.FromMinutes(90));

        var from = ApiTime.Format(start.AddHours(-1));
        var to = ApiTime.Format(start.AddHours(5));
        var amount = await ApiAssert.OkAsync(await client.GetAsync($"/usageapi/v1/amount?user={user}&order={id}&starttime={from}&endtime={to}"));
        Assert.Equal((user, id, 0m, 3.6m, 3.6m, "CNY"),
            ((string)amount["user"]!, (string)amount["order"]!, (decimal)amount["amount"]!, (decimal)amount["accrued"]!, (decimal)amount["total"]!, (string)amount["currency"]!));
        Assert.Equal(from, (string)amount["startTime"]!);
        Assert.Equal(to, (string)amount["endTime"]!);

        var speed = await ApiAssert.OkAsync(await client.GetAsync($"/usageapi/v1/speed?order={id}"));
        Assert.Equal((2.4m, "hour", user), ((decimal)speed["speed"]!, (string)speed["per"]!, (string)speed["user"]!));
        Assert.Equal(ApiTime.Format(fixture.Host.Clock.GetUtcNow().UtcDateTime), (string)speed["time"]!);

        var before = new DateTimeOffset(start.AddHours(-1)).ToUnixTimeSeconds();
        var earlier = await ApiAssert.OkAsync(await client.GetAsync($"/usageapi/v1/speed?time={before}"));
        Assert.Equal(0m, (decimal)earlier["speed"]!);
    }

    [Fact]
    public async Task Times_with_an_offset_are_converted_to_utc()
    {
        using var client = await fixture.TenantAsync(ApiHostFixture.NewUser());
        var amount = await ApiAssert.OkAsync(await client.GetAsync("/usageapi/v1/amount?starttime=2026-01-01T08:00:00%2B08:00&endtime=1767312000"));
        Assert.Equal("2026-01-01T00:00:00Z", (string)amount["startTime"]!);
        Assert.Equal("2026-01-02T00:00:00Z", (string)amount["endTime"]!);
        Assert.Null((string?)amount["order"]);
    }

    [Fact]
    public async Task A_tenant_asking_about_another_user_gets_403()
    {
        using var client = await fixture.TenantAsync(ApiHostFixture.NewUser());
        await ApiAssert.ProblemAsync(await client.GetAsync("/usageapi/v1/amount?user=someone&starttime=2026-01-01T00:00:00Z&endtime=2026-01-02T00:00:00Z"), HttpStatusCode.Forbidden, "user");
        await ApiAssert.ProblemAsync(await client.GetAsync("/usageapi/v1/speed?user=someone"), HttpStatusCode.Forbidden, "user");
    }

    [Fact]
    public async Task Admin_asks_about_any_user_even_without_a_portal_account()
    {
        using var admin = fixture.Admin();
        var amount = await ApiAssert.OkAsync(await admin.GetAsync("/usageapi/v1/amount?user=platform-only-user&starttime=2026-01-01T00:00:00Z&endtime=2026-01-02T00:00:00Z"));
        Assert.Equal(0m, (decimal)amount["total"]!);
    }

    [Fact]
    public async Task An_empty_window_is_zero_and_an_admin_asks_about_an_order_without_naming_its_user()
    {
        var user = ApiHostFixture.NewUser();
        using var client = await fixture.TenantAsync(user);
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/usageapi/v1/purchaseorders", new { type = "postpay", planId = "P", quantity = 2 }), HttpStatusCode.Created);
        var id = (string)created["order"]!["orderId"]!;
        var now = ApiTime.Format(fixture.Host.Clock.GetUtcNow().UtcDateTime);

        using var admin = fixture.Admin();
        var speed = await admin.GetAsync($"/usageapi/v1/speed?order={id}");
        var text = await speed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, speed.StatusCode);
        Assert.Contains($"\"user\":\"{user}\"", text);
        Assert.Contains("\"speed\":2.4000", text); // money always has 4 places
        var empty = await (await admin.GetAsync($"/usageapi/v1/amount?order={id}&starttime={now}&endtime={now}")).Content.ReadAsStringAsync();
        Assert.Contains("\"total\":0.0000", empty);
        // Naming another user than the order's owner: the order is not that user's.
        await ApiAssert.ProblemAsync(await admin.GetAsync($"/usageapi/v1/speed?user=someone-else&order={id}"), HttpStatusCode.NotFound, "order");
    }
}
