using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Api;

/// <summary>
/// BILLING.md "Who may do what": a user is the exact string. Callers named like alice (case, accent) by an API token
/// or by DataFoundry see nothing of alice's through any route, on MariaDB; a name with a trailing space (which MySQL's
/// collations would pad away) is no user at all: refused wherever it is presented.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ExactIdentityTests(ApiHostFixture fixture)
{
    private const string Window = "starttime=2020-01-01T00:00:00Z&endtime=2029-01-01T00:00:00Z";

    /// <summary>alice (with a unique suffix), the three names a case/accent-insensitive comparison confuses with her, and hers with a trailing space.</summary>
    public static (string Alice, string[] LookAlikes, string Padded) Names()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var alice = "alice" + suffix;
        return (alice, ["ALICE" + suffix.ToUpperInvariant(), "Alice" + suffix, "álice" + suffix], alice + " ");
    }

    [Fact]
    public async Task Look_alike_callers_see_and_change_nothing_of_alices_through_any_route()
    {
        var (alice, lookAlikes, padded) = Names();
        using var aliceClient = await fixture.TenantAsync(alice);
        var body = new { type = "prepay", planId = "S", quantity = 1, months = 1 };
        var prepay = await BuyAsync(aliceClient, body, key: "same-key");
        var postpay = await BuyAsync(aliceClient, new { type = "postpay", planId = "P", quantity = 2 });
        fixture.Host.Clock.Advance(TimeSpan.FromMinutes(30));

        using var admin = fixture.Admin();
        foreach (var (name, index) in lookAlikes.Select((n, i) => (n, i)))
        {
            // One look-alike holds an API token the admin made for that exact name, the next a DataFoundry token.
            using var client = index % 2 == 0 ? await AdminMadeTokenAsync(admin, name) : DataFoundryClient(name);
            var who = $"'{name}'";

            var list = await ApiAssert.OkAsync(await client.GetAsync("/usageapi/v1/purchaseorders"));
            Assert.True((int)list["total"]! == 0, $"{who} lists alice's orders: {list}");
            foreach (var id in new[] { prepay, postpay })
            {
                await ApiAssert.ProblemAsync(await client.GetAsync($"/usageapi/v1/purchaseorders/{id}"), HttpStatusCode.NotFound);
                await ApiAssert.ProblemAsync(await client.GetAsync($"/usageapi/v1/purchaseorders/{id}/charges"), HttpStatusCode.NotFound);
                await ApiAssert.ProblemAsync(await client.GetAsync($"/usageapi/v1/amount?order={id}&{Window}"), HttpStatusCode.NotFound, "order");
                await ApiAssert.ProblemAsync(await client.GetAsync($"/usageapi/v1/speed?order={id}"), HttpStatusCode.NotFound, "order");
                await ApiAssert.ProblemAsync(await client.PutJsonAsync($"/usageapi/v1/purchaseorders/{id}", new { action = "cancel" }), HttpStatusCode.NotFound);
            }
            var amount = await ApiAssert.OkAsync(await client.GetAsync($"/usageapi/v1/amount?{Window}"));
            Assert.True((decimal)amount["total"]! == 0m && (string)amount["user"]! == name, $"{who} gets alice's amount: {amount}");
            Assert.Equal(0m, (decimal)(await ApiAssert.OkAsync(await client.GetAsync("/usageapi/v1/speed")))["speed"]!);
            await ApiAssert.ProblemAsync(await client.GetAsync($"/usageapi/v1/speed?user={Uri.EscapeDataString(alice)}"), HttpStatusCode.Forbidden, "user");

            // alice's Idempotency-Key is not theirs: the same key and body buy their own order, not a replay of hers.
            var own = await client.SendAsync(Post(body, "same-key"));
            var created = await ApiAssert.OkAsync(own, HttpStatusCode.Created);
            Assert.False(own.Headers.Contains("Idempotent-Replayed"), $"{who} got alice's answer replayed");
            Assert.Equal(name, (string)created["order"]!["user"]!);

            var tokens = (await ApiAssert.OkAsync(await admin.GetAsync($"/usageapi/v1/tokens?user={Uri.EscapeDataString(name)}"))).AsArray();
            Assert.All(tokens, t => Assert.Equal(name, (string)t!["user"]!));
        }

        // "alice " is refused at every door: no token for it, its DataFoundry token is no user, the parameter is invalid.
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/usageapi/v1/tokens", new { user = padded, name = "padded", role = "tenant" }),
            HttpStatusCode.BadRequest, "user");
        using (var paddedClient = DataFoundryClient(padded))
            await ApiAssert.ProblemAsync(await paddedClient.GetAsync("/usageapi/v1/purchaseorders"), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await admin.GetAsync($"/usageapi/v1/purchaseorders?user={Uri.EscapeDataString(padded)}"), HttpStatusCode.BadRequest, "user");
        await ApiAssert.ProblemAsync(await admin.GetAsync($"/usageapi/v1/speed?user={Uri.EscapeDataString(padded)}"), HttpStatusCode.BadRequest, "user");

        // alice still has exactly her two orders, none of theirs, and the database agrees name by name.
        var mine = await ApiAssert.OkAsync(await aliceClient.GetAsync("/usageapi/v1/purchaseorders"));
        Assert.Equal(2, (int)mine["total"]!);
        Assert.Equal(2, await fixture.OrderCountAsync(alice));
        foreach (var name in lookAlikes) Assert.Equal(1, await fixture.OrderCountAsync(name));
        Assert.Equal(1, await fixture.QueryAsync(db => db.IdempotencyRecords.CountAsync(r => r.User == alice)));
    }

    [Fact]
    public async Task A_portal_user_signed_in_with_a_look_alike_platform_account_sees_nothing_of_alices()
    {
        var (alice, lookAlikes, padded) = Names();
        using var aliceApi = await fixture.TenantAsync(alice);
        var order = await BuyAsync(aliceApi, new { type = "prepay", planId = "S", quantity = 1, months = 1 });

        using var alicePortal = await PortalSignIn.PlatformSignedInClientAsync(fixture.Host, fixture.DataFoundry, alice);
        var aliceCsv = await alicePortal.GetStringAsync("/portal/usage.csv");
        Assert.Contains(order, aliceCsv); // the control: alice's own session sees her row
        Assert.Contains("data-testid=\"order-details\"", await alicePortal.GetStringAsync($"/orders/{order}"));

        foreach (var name in lookAlikes)
        {
            using var portal = await PortalSignIn.PlatformSignedInClientAsync(fixture.Host, fixture.DataFoundry, name);
            var csv = await portal.GetStringAsync("/portal/usage.csv");
            Assert.Single(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // the header row only
            var foreign = await portal.GetAsync($"/portal/usage.csv?user={Uri.EscapeDataString(alice)}");
            Assert.True(foreign.StatusCode == HttpStatusCode.Forbidden, $"{foreign.StatusCode} {foreign.Headers} {await foreign.Content.ReadAsStringAsync()}");
            var page = await portal.GetStringAsync($"/orders/{order}");
            Assert.Contains("data-testid=\"order-not-found\"", page);
            Assert.DoesNotContain("data-testid=\"order-details\"", page);
        }

        // DataFoundry vouching for "alice " signs nobody in.
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => PortalSignIn.PlatformSignedInClientAsync(fixture.Host, fixture.DataFoundry, padded));
        Assert.Contains("failed=platform", failed.Message);
    }

    private async Task<HttpClient> AdminMadeTokenAsync(HttpClient admin, string name)
    {
        var created = await ApiAssert.OkAsync(await admin.PostAsJsonAsync("/usageapi/v1/tokens", new { user = name, name = "look-alike", role = "tenant" }), HttpStatusCode.Created);
        Assert.Equal(name, (string)created["token"]!["user"]!);
        return fixture.Client((string)created["secret"]!);
    }

    private HttpClient DataFoundryClient(string name)
    {
        var token = "sha256~" + Guid.NewGuid().ToString("N");
        fixture.DataFoundry.Users[token] = name;
        return fixture.Client(token);
    }

    private static HttpRequestMessage Post(object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/usageapi/v1/purchaseorders") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static async Task<string> BuyAsync(HttpClient client, object body, string? key = null)
    {
        var created = await ApiAssert.OkAsync(await client.SendAsync(Post(body, key)), HttpStatusCode.Created);
        return (string)created["order"]!["orderId"]!;
    }
}
