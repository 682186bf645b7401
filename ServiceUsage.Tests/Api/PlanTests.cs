using System.Net;
using System.Net.Http.Json;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class PlanTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task Catalog_lists_plans_on_sale_and_versions_list_history()
    {
        using var client = await fixture.TenantAsync(ApiHostFixture.NewUser());
        var catalog = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/usageapi/v1/plans"))!.AsArray();
        var ids = catalog.Select(p => (string)p!["planId"]!).ToList();
        Assert.Contains("S", ids);
        Assert.DoesNotContain("X", ids);
        Assert.Equal(30m, (decimal)catalog.Single(p => (string)p!["planId"]! == "S")!["current"]!["monthlyPrice"]!);

        var versions = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/usageapi/v1/plans/X/versions"))!.AsArray();
        Assert.False((bool)versions.Single()!["onSale"]!);
        await ApiAssert.ProblemAsync(await client.GetAsync("/usageapi/v1/plans/NOPE/versions"), HttpStatusCode.NotFound, "planId");
    }

    [Fact]
    public async Task Admins_add_edit_and_delete_future_versions_only()
    {
        using var admin = fixture.Admin();
        var planId = "F" + Guid.NewGuid().ToString("N")[..8];
        var now = fixture.Host.Clock.GetUtcNow().UtcDateTime;
        var current = ApiTime.Format(now);
        var future = ApiTime.Format(now.AddDays(10));
        await ApiAssert.OkAsync(await admin.PostAsJsonAsync($"/usageapi/v1/plans/{planId}/versions",
            new { beginTime = current, name = "Now", serviceId = "mysql", monthlyPrice = 10m }), HttpStatusCode.Created);
        var added = await admin.PostAsJsonAsync($"/usageapi/v1/plans/{planId}/versions",
            new { beginTime = future, name = "Later", serviceId = "mysql", monthlyPrice = 12m });
        await ApiAssert.OkAsync(added, HttpStatusCode.Created);

        var edited = await ApiAssert.OkAsync(await admin.PutAsJsonAsync($"/usageapi/v1/plans/{planId}/versions/{future}",
            new { name = "Later", serviceId = "mysql", monthlyPrice = 11m }));
        Assert.Equal(11m, (decimal)edited["monthlyPrice"]!);
        await ApiAssert.ProblemAsync(await admin.PutAsJsonAsync($"/usageapi/v1/plans/{planId}/versions/{current}",
            new { name = "Now", serviceId = "mysql", monthlyPrice = 9m }), HttpStatusCode.Conflict, "beginTime");
        await ApiAssert.ProblemAsync(await admin.DeleteAsync($"/usageapi/v1/plans/{planId}/versions/{current}"), HttpStatusCode.Conflict, "beginTime");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/usageapi/v1/plans/{planId}/versions/{future}")).StatusCode);
        await ApiAssert.ProblemAsync(await admin.DeleteAsync($"/usageapi/v1/plans/{planId}/versions/{future}"), HttpStatusCode.NotFound, "beginTime");
        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync($"/usageapi/v1/plans/{planId}/versions",
            new { beginTime = ApiTime.Format(now.AddDays(-1)), name = "Past", serviceId = "mysql", monthlyPrice = 9m }), HttpStatusCode.BadRequest, "beginTime");
    }

    [Fact]
    public async Task An_over_long_name_and_a_plan_id_with_markup_are_400_with_the_domains_message()
    {
        using var admin = fixture.Admin();
        var future = ApiTime.Format(fixture.Host.Clock.GetUtcNow().UtcDateTime.AddDays(10));
        var longName = await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/usageapi/v1/plans/S/versions",
            new { beginTime = future, name = new string('x', 10_000), serviceId = "mysql", monthlyPrice = 30m }), HttpStatusCode.BadRequest, "name");
        Assert.Contains(ServiceUsage.Domain.Plans.PlanRules.NameMessage, (string)longName["detail"]!);
        var markup = await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync($"/usageapi/v1/plans/{Uri.EscapeDataString("<b>x</b>")}/versions",
            new { beginTime = future, name = "x", serviceId = "mysql", monthlyPrice = 30m }), HttpStatusCode.BadRequest, "planId");
        Assert.Contains(ServiceUsage.Domain.Plans.PlanRules.IdMessage, (string)markup["detail"]!);
    }

    [Fact]
    public async Task Tenants_cannot_change_plans()
    {
        using var client = await fixture.TenantAsync(ApiHostFixture.NewUser());
        var future = ApiTime.Format(fixture.Host.Clock.GetUtcNow().UtcDateTime.AddDays(10));
        await ApiAssert.ProblemAsync(await client.PostAsJsonAsync("/usageapi/v1/plans/S/versions",
            new { beginTime = future, name = "S", serviceId = "mysql", monthlyPrice = 1m }), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await client.DeleteAsync($"/usageapi/v1/plans/S/versions/{future}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Openapi_document_lists_every_endpoint_and_the_api_page_is_served()
    {
        using var anonymous = fixture.Client(null);
        var doc = System.Text.Json.Nodes.JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject();
        foreach (var (path, methods) in new[]
        {
            ("/usageapi/v1/amount", "get"), ("/usageapi/v1/speed", "get"), ("/usageapi/v1/purchaseorders", "get,post"),
            ("/usageapi/v1/purchaseorders/{orderId}", "get,put"), ("/usageapi/v1/purchaseorders/{orderId}/charges", "get"),
            ("/usageapi/v1/plans", "get"), ("/usageapi/v1/plans/{planId}/versions", "get,post"),
            ("/usageapi/v1/plans/{planId}/versions/{beginTime}", "put,delete"), ("/usageapi/v1/tokens", "get,post"),
            ("/usageapi/v1/tokens/{id}", "delete"), ("/usageapi/v1/events", "get"),
        })
        {
            Assert.True(paths.ContainsKey(path), path);
            foreach (var method in methods.Split(',')) Assert.True(paths[path]!.AsObject().ContainsKey(method), $"{method} {path}");
        }
        Assert.All(paths.Select(p => p.Key), p => Assert.StartsWith("/usageapi/v1/", p)); // not the portal's endpoints
        var schemas = doc["components"]!["schemas"]!.AsObject();
        foreach (var schema in new[] { "AmountResponse", "SpeedResponse", "OrderResponse", "OrderChangeResponse", "CreateOrderRequest", "ChangeOrderRequest", "PlanVersionResponse", "EventListResponse", "EventResponse", "Problem" })
            Assert.True(schemas.ContainsKey(schema), schema);

        using var browser = fixture.Host.CreateClient();
        var page = await browser.GetAsync("/api-docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType!.ToString());
    }
}
