using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Web.Api.Infrastructure;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Tests.Api;

/// <summary>GET /statements, /statements/{number}, .pdf, .csv: the owner or an admin, ProblemDetails otherwise.</summary>
[Collection(ApiCollection.Name)]
public sealed class StatementApiTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task A_closed_month_is_listed_read_and_downloaded_by_its_owner_and_admins_only()
    {
        var user = ApiHostFixture.NewUser();
        using var client = await fixture.TenantAsync(user);
        await ApiAssert.OkAsync(await client.PostAsJsonAsync("/usageapi/v1/purchaseorders", new { type = "prepay", planId = "S", quantity = 2, months = 1 }), HttpStatusCode.Created);
        var bought = fixture.Host.Clock.GetUtcNow().UtcDateTime;
        var month = new DateTime(bought.Year, bought.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        fixture.Host.Clock.SetUtcNow(month.AddMonths(1).AddHours(2));
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StatementsJob>().RunAsync(CancellationToken.None);

        var list = await ApiAssert.OkAsync(await client.GetAsync($"/usageapi/v1/statements?from={month:yyyy-MM}"));
        var items = list["items"]!.AsArray();
        Assert.Equal([null, $"{month:yyyy-MM}"], items.Select(i => i!["number"] is null ? null : (string?)i["month"]));
        var number = (string)items[1]!["number"]!;
        Assert.Matches($"^SU-{month:yyyyMM}-[0-9]+$", number);
        var amount = await ApiAssert.OkAsync(await client.GetAsync(
            $"/usageapi/v1/amount?starttime={ApiTime.Format(month)}&endtime={ApiTime.Format(month.AddMonths(1))}"));
        Assert.Equal(((decimal)amount["total"]!, 60m, "CNY"), ((decimal)items[1]!["consumed"]!, (decimal)items[1]!["charged"]!, (string)items[1]!["currency"]!));

        var response = await client.GetAsync($"/usageapi/v1/statements/{number}");
        Assert.Contains("\"charged\":60.0000", await response.Content.ReadAsStringAsync());
        var statement = await ApiAssert.OkAsync(response);
        Assert.Equal((user, $"{month:yyyy-MM}"), ((string)statement["user"]!, (string)statement["month"]!));
        var line = statement["lines"]!.AsArray().Single()!;
        Assert.Equal(("purchase", "S", 2, 60m), ((string)line["kind"]!, (string)line["planId"]!, (int)line["quantity"]!, (decimal)line["amount"]!));
        Assert.Empty(statement["adjustments"]!.AsArray());

        var csv = await client.GetAsync($"/usageapi/v1/statements/{number}.csv");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(("text/csv", "EFBBBF"), (csv.Content.Headers.ContentType?.MediaType, Convert.ToHexString(bytes[..3]))); // UTF-8 BOM
        Assert.Contains(",purchase,", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Contains(",60.0000,", System.Text.Encoding.UTF8.GetString(bytes));

        var pdf = await client.GetAsync($"/usageapi/v1/statements/{number}.pdf?lang=zh-Hans");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]));

        using var other = await fixture.TenantAsync(ApiHostFixture.NewUser());
        await ApiAssert.ProblemAsync(await other.GetAsync($"/usageapi/v1/statements/{number}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await other.GetAsync($"/usageapi/v1/statements/{number}.csv"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await other.GetAsync($"/usageapi/v1/statements?user={user}"), HttpStatusCode.Forbidden, "user");
        await ApiAssert.ProblemAsync(await client.GetAsync("/usageapi/v1/statements/SU-209901-999999"), HttpStatusCode.NotFound);
        var admin = await ApiAssert.OkAsync(await fixture.Admin().GetAsync($"/usageapi/v1/statements/{number}"));
        Assert.Equal(user, (string)admin["user"]!);
        Assert.Contains(await fixture.QueryAsync(db => db.BillingRuns.Where(r => r.Job == JobIds.Statements).ToListAsync()), r => r.RowsCharged >= 1 && r.Error is null);
    }

    [Theory]
    [InlineData("from=2026-13", "from")]
    [InlineData("from=2026-1", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-05&to=2026-04", "to")]
    public async Task A_bad_month_is_a_400_that_names_the_field(string query, string field)
    {
        using var client = await fixture.TenantAsync(ApiHostFixture.NewUser());
        await ApiAssert.ProblemAsync(await client.GetAsync($"/usageapi/v1/statements?{query}"), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_statement_endpoints()
    {
        var document = await fixture.Host.CreateClient().GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/usageapi/v1/statements\"", "/usageapi/v1/statements/{number}\"", "/usageapi/v1/statements/{number}.pdf\"", "/usageapi/v1/statements/{number}.csv\"" })
            Assert.Contains(path, document);
    }
}
