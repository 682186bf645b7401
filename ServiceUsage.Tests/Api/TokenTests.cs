using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceUsage.Tests.Api;

/// <summary>Admins manage API tokens through the API; the secret is shown once and only its hash is stored.</summary>
[Collection(ApiCollection.Name)]
public sealed class TokenTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task Admin_creates_lists_and_revokes_a_token_that_carries_its_role()
    {
        var user = ApiHostFixture.NewUser();
        using var admin = fixture.Admin();
        var created = await ApiAssert.OkAsync(await admin.PostAsJsonAsync("/usageapi/v1/tokens", new { user, name = "platform", role = "tenant" }), HttpStatusCode.Created);
        var secret = (string)created["secret"]!;
        var id = (long)created["token"]!["id"]!;

        var stored = await fixture.QueryAsync(db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == id));
        Assert.NotEqual(secret, stored.TokenHash);
        Assert.DoesNotContain(secret, await admin.GetStringAsync($"/usageapi/v1/tokens?user={user}"));

        using var tenant = fixture.Client(secret);
        var speed = await ApiAssert.OkAsync(await tenant.GetAsync("/usageapi/v1/speed"));
        Assert.Equal(user, (string)speed["user"]!);
        var used = await fixture.QueryAsync(db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == id));
        Assert.Null(stored.LastUsedAt);
        Assert.NotNull(used.LastUsedAt); // the list and the portal show when a token was last used
        await ApiAssert.ProblemAsync(await tenant.PostAsJsonAsync("/usageapi/v1/tokens", new { user, name = "x", role = "admin" }), HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/usageapi/v1/tokens/{id}")).StatusCode);
        await ApiAssert.ProblemAsync(await tenant.GetAsync("/usageapi/v1/speed"), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await admin.DeleteAsync($"/usageapi/v1/tokens/{id}"), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Speed_of_another_tenants_order_is_404()
    {
        using var owner = await fixture.TenantAsync(ApiHostFixture.NewUser());
        var created = await ApiAssert.OkAsync(await owner.PostAsJsonAsync("/usageapi/v1/purchaseorders", new { type = "postpay", planId = "P", quantity = 1 }), HttpStatusCode.Created);
        using var other = await fixture.TenantAsync(ApiHostFixture.NewUser());
        await ApiAssert.ProblemAsync(await other.GetAsync($"/usageapi/v1/speed?order={(string)created["order"]!["orderId"]!}"), HttpStatusCode.NotFound, "order");
    }
}
