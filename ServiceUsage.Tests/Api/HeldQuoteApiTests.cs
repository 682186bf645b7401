using System.Net;
using System.Net.Http.Json;

namespace ServiceUsage.Tests.Api;

/// <summary>PUT purchaseorders with <c>quoteTime</c>: a prepay dry run confirmed within 5 minutes writes exactly what it quoted.</summary>
[Collection(ApiCollection.Name)]
public sealed class HeldQuoteApiTests(ApiHostFixture fixture)
{
    private const string Orders = "/usageapi/v1/purchaseorders";

    private static string Rows(System.Text.Json.Nodes.JsonNode body) => string.Join("; ",
        body["charges"]!.AsArray().Select(c => $"{c!["kind"]} {c["beginTime"]} {c["endTime"]} {(decimal)c["payment"]!:0.0000}"));

    private async Task<(HttpClient Client, string Id)> PrepayOrderAsync()
    {
        var client = await fixture.TenantAsync(ApiHostFixture.NewUser());
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync(Orders, new { type = "prepay", planId = "S", quantity = 2, months = 1 }), HttpStatusCode.Created);
        fixture.Host.Clock.Advance(TimeSpan.FromDays(3.3));
        return (client, (string)created["order"]!["orderId"]!);
    }

    [Fact]
    public async Task A_prepay_upgrade_sent_with_its_quotes_time_within_five_minutes_writes_the_quoted_rows()
    {
        var (client, id) = await PrepayOrderAsync();
        using var _ = client;
        var quote = await ApiAssert.OkAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "upgrade", planId = "L", quantity = 1, dryRun = true }));
        var quoteTime = (string)quote["quoteTime"]!;
        fixture.Host.Clock.Advance(TimeSpan.FromMinutes(4));

        var held = await ApiAssert.OkAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "upgrade", planId = "L", quantity = 1, quoteTime }));
        Assert.Equal(Rows(quote), Rows(held));
        Assert.Equal(quoteTime, (string)held["quoteTime"]!);
        Assert.Equal((decimal)quote["net"]!, (decimal)held["net"]!);
    }

    [Fact]
    public async Task A_stale_quote_time_is_409_naming_quoteTime_and_changes_nothing()
    {
        var (client, id) = await PrepayOrderAsync();
        using var _ = client;
        var quote = await ApiAssert.OkAsync(await client.PutJsonAsync($"{Orders}/{id}", new { action = "cancel", dryRun = true }));
        fixture.Host.Clock.Advance(TimeSpan.FromMinutes(6));

        var problem = await ApiAssert.ProblemAsync(
            await client.PutJsonAsync($"{Orders}/{id}", new { action = "cancel", quoteTime = (string)quote["quoteTime"]! }), HttpStatusCode.Conflict, "quoteTime");
        Assert.Contains("quote again", (string)problem["detail"]!);
        Assert.Equal("active", (string)(await ApiAssert.OkAsync(await client.GetAsync($"{Orders}/{id}")))["status"]!);
    }

    [Fact]
    public async Task The_openapi_document_describes_quoteTime_on_the_request_and_the_response()
    {
        using var anonymous = fixture.Client(null);
        var doc = await anonymous.GetStringAsync("/openapi/v1.json");
        var schemas = System.Text.Json.Nodes.JsonNode.Parse(doc)!["components"]!["schemas"]!;
        Assert.Contains("held quote", (string)schemas["ChangeOrderRequest"]!["properties"]!["quoteTime"]!["description"]!);
        Assert.NotNull(schemas["OrderChangeResponse"]!["properties"]!["quoteTime"]);
    }
}
