using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace ServiceUsage.Tests.Api;

/// <summary>Registering, reading, changing and removing webhook endpoints over the API, on MariaDB.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookApiTests(ApiHostFixture fixture)
{
    private const string Webhooks = "/usageapi/v1/webhooks";

    [Fact]
    public async Task A_tenant_registers_an_endpoint_sees_its_secret_once_and_changes_and_removes_it()
    {
        var user = ApiHostFixture.NewUser("wh");
        using var tenant = await fixture.TenantAsync(user);

        var response = await tenant.PostAsJsonAsync(Webhooks, new { url = "https://hooks.public.test/in", eventTypes = new[] { "order.created", "order.cancelled" } });
        var created = await ApiAssert.OkAsync(response, HttpStatusCode.Created);
        var id = (long)created["id"]!;
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", (string)created["secret"]!);
        Assert.Equal(user, (string?)created["user"]);
        Assert.Equal($"/usageapi/v1/webhooks/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(["order.created", "order.cancelled"], created["eventTypes"]!.AsArray().Select(t => (string)t!));

        var listed = (await ApiAssert.OkAsync(await tenant.GetAsync(Webhooks))).AsArray();
        var only = Assert.Single(listed);
        Assert.Null(only!["secret"]);
        Assert.Equal(id, (long)only["id"]!);
        Assert.NotEqual((string)created["secret"]!, await fixture.QueryAsync(db => db.WebhookEndpoints.Where(e => e.Id == id).Select(e => e.ProtectedSecret).SingleAsync()));

        var disabled = await ApiAssert.OkAsync(await tenant.PutJsonAsync($"{Webhooks}/{id}", new { enabled = false, eventTypes = Array.Empty<string>() }));
        Assert.False((bool)disabled["enabled"]!);
        Assert.NotNull((string?)disabled["disabledAt"]);
        Assert.Empty(disabled["eventTypes"]!.AsArray());
        var enabled = await ApiAssert.OkAsync(await tenant.PutJsonAsync($"{Webhooks}/{id}", new { enabled = true }));
        Assert.True((bool)enabled["enabled"]!);
        Assert.Null((string?)enabled["disabledReason"]);

        Assert.Empty((await ApiAssert.OkAsync(await tenant.GetAsync($"{Webhooks}/{id}/deliveries")))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.DeleteAsync($"{Webhooks}/{id}")).StatusCode);
        await ApiAssert.ProblemAsync(await tenant.GetAsync($"{Webhooks}/{id}"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://loopback.test/hook")]
    [InlineData("https://ten.test/hook")]
    [InlineData("https://metadata.test/hook")]
    [InlineData("https://v6loopback.test/hook")]
    [InlineData("http://hooks.public.test/hook")]
    [InlineData("not a url")]
    public async Task A_tenant_url_that_is_not_https_to_a_public_address_is_refused_with_a_problem_and_nothing_stored(string url)
    {
        var user = ApiHostFixture.NewUser("whbad");
        using var tenant = await fixture.TenantAsync(user);
        var problem = await ApiAssert.ProblemAsync(await tenant.PostAsJsonAsync(Webhooks, new { url }), HttpStatusCode.BadRequest, "url");
        Assert.Contains("url", (string)problem["detail"]!);
        Assert.Equal(0, await fixture.QueryAsync(db => db.WebhookEndpoints.CountAsync(e => e.Owner == user)));
    }

    [Fact]
    public async Task A_tenant_may_not_move_its_endpoint_to_a_private_address_or_ask_for_unknown_event_types()
    {
        using var tenant = await fixture.TenantAsync(ApiHostFixture.NewUser("whput"));
        var id = (long)(await ApiAssert.OkAsync(await tenant.PostAsJsonAsync(Webhooks, new { url = "https://hooks.public.test/a" }), HttpStatusCode.Created))["id"]!;
        await ApiAssert.ProblemAsync(await tenant.PutJsonAsync($"{Webhooks}/{id}", new { url = "https://metadata.test/x" }), HttpStatusCode.BadRequest, "url");
        await ApiAssert.ProblemAsync(await tenant.PostAsJsonAsync(Webhooks, new { url = "https://hooks.public.test/b", eventTypes = new[] { "order.deleted" } }), HttpStatusCode.BadRequest, "eventTypes");
        Assert.Equal("https://hooks.public.test/a", (string)(await ApiAssert.OkAsync(await tenant.GetAsync($"{Webhooks}/{id}")))["url"]!);
    }

    [Fact]
    public async Task Tenants_cannot_see_or_touch_another_tenants_endpoint_and_admins_see_every_one()
    {
        using var a = await fixture.TenantAsync(ApiHostFixture.NewUser("wha"));
        using var b = await fixture.TenantAsync(ApiHostFixture.NewUser("whb"));
        using var admin = fixture.Admin();
        var id = (long)(await ApiAssert.OkAsync(await a.PostAsJsonAsync(Webhooks, new { url = "https://hooks.public.test/a" }), HttpStatusCode.Created))["id"]!;

        await ApiAssert.ProblemAsync(await b.GetAsync($"{Webhooks}/{id}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await b.PutJsonAsync($"{Webhooks}/{id}", new { enabled = false }), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await b.DeleteAsync($"{Webhooks}/{id}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await b.GetAsync($"{Webhooks}/{id}/deliveries"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await b.PostAsync($"{Webhooks}/{id}/deliveries/1/resend", null), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await ApiAssert.OkAsync(await b.GetAsync(Webhooks))).AsArray(), e => (long)e!["id"]! == id);

        Assert.Contains((await ApiAssert.OkAsync(await admin.GetAsync(Webhooks))).AsArray(), e => (long)e!["id"]! == id);
        Assert.True((bool)(await ApiAssert.OkAsync(await a.GetAsync($"{Webhooks}/{id}")))["enabled"]!);
    }

    [Fact]
    public async Task An_admin_registers_a_deployment_endpoint_for_every_user_and_may_use_an_internal_address_when_allowed()
    {
        using var admin = fixture.Admin();
        var created = await ApiAssert.OkAsync(await admin.PostAsJsonAsync(Webhooks, new { url = "http://127.0.0.1:9/internal" }), HttpStatusCode.Created);
        Assert.Null((string?)created["user"]);
        Assert.Empty(created["eventTypes"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Webhooks}/{(long)created["id"]!}")).StatusCode);
    }
}
