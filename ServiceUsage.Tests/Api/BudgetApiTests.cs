using System.Net;
using System.Net.Http.Json;
using ServiceUsage.Domain.Time;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Tests.Api;

/// <summary>GET/PUT/DELETE budgets/{user} and GET forecast: the caller's own user (or any for admins), figures as the Domain computes them.</summary>
[Collection(ApiCollection.Name)]
public sealed class BudgetApiTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task A_tenant_sets_reads_replaces_and_removes_its_budget()
    {
        var user = ApiHostFixture.NewUser("bu");
        using var client = await fixture.TenantAsync(user);

        var created = await ApiAssert.OkAsync(await client.PutAsJsonAsync($"/usageapi/v1/budgets/{user}", new { amount = 250.5m }), HttpStatusCode.Created);
        Assert.Equal((user, 250.5m, "[50,80,100]", "CNY", user), ((string)created["user"]!, (decimal)created["amount"]!,
            created["thresholds"]!.ToJsonString(), (string)created["currency"]!, (string)created["updatedBy"]!));
        var replaced = await ApiAssert.OkAsync(await client.PutAsJsonAsync($"/usageapi/v1/budgets/{user}", new { amount = 300m, thresholds = new[] { 90, 25 } }));
        Assert.Equal("[25,90]", replaced["thresholds"]!.ToJsonString());
        var read = await ApiAssert.OkAsync(await client.GetAsync($"/usageapi/v1/budgets/{user}"));
        Assert.Equal(300m, (decimal)read["amount"]!);
        Assert.Contains("\"amount\":300.0000", await (await client.GetAsync($"/usageapi/v1/budgets/{user}")).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/usageapi/v1/budgets/{user}")).StatusCode);
        await ApiAssert.ProblemAsync(await client.GetAsync($"/usageapi/v1/budgets/{user}"), HttpStatusCode.NotFound, "user");
        await ApiAssert.ProblemAsync(await client.DeleteAsync($"/usageapi/v1/budgets/{user}"), HttpStatusCode.NotFound, "user");
    }

    [Fact]
    public async Task Bad_budgets_are_refused_by_field_and_another_tenants_budget_is_forbidden()
    {
        var user = ApiHostFixture.NewUser("bu");
        using var client = await fixture.TenantAsync(user);
        await ApiAssert.ProblemAsync(await client.PutAsJsonAsync($"/usageapi/v1/budgets/{user}", new { thresholds = new[] { 50 } }), HttpStatusCode.BadRequest, "amount");
        await ApiAssert.ProblemAsync(await client.PutAsJsonAsync($"/usageapi/v1/budgets/{user}", new { amount = 0 }), HttpStatusCode.BadRequest, "amount");
        await ApiAssert.ProblemAsync(await client.PutAsJsonAsync($"/usageapi/v1/budgets/{user}", new { amount = 10, thresholds = new[] { 0 } }), HttpStatusCode.BadRequest, "thresholds");
        await ApiAssert.ProblemAsync(await client.PutAsJsonAsync("/usageapi/v1/budgets/someone-else", new { amount = 10 }), HttpStatusCode.Forbidden, "user");
        await ApiAssert.ProblemAsync(await client.GetAsync("/usageapi/v1/forecast?user=someone-else"), HttpStatusCode.Forbidden, "user");
        await ApiAssert.ProblemAsync(await client.GetAsync("/usageapi/v1/forecast?month=2026-13"), HttpStatusCode.BadRequest, "month");
        await ApiAssert.ProblemAsync(await client.GetAsync($"/usageapi/v1/budgets/{user}"), HttpStatusCode.NotFound, "user");
    }

    [Fact]
    public async Task The_forecast_of_a_postpay_order_against_a_budget_set_by_an_admin()
    {
        var user = ApiHostFixture.NewUser("fc");
        using var client = await fixture.TenantAsync(user);
        using var admin = fixture.Admin();
        await ApiAssert.OkAsync(await admin.PutAsJsonAsync($"/usageapi/v1/budgets/{user}", new { amount = 10m, thresholds = new[] { 10, 1000 } }), HttpStatusCode.Created);
        await ApiAssert.OkAsync(await client.PostAsJsonAsync("/usageapi/v1/purchaseorders", new { type = "postpay", planId = "P", quantity = 2 }), HttpStatusCode.Created);
        var bought = BillingTime.Now(fixture.Host.Clock);
        fixture.Host.Clock.Advance(TimeSpan.FromMinutes(30));
        var now = BillingTime.Now(fixture.Host.Clock);
        var month = ServiceUsage.Domain.Statements.StatementCalendar.Utc.Of(now);

        var f = await ApiAssert.OkAsync(await client.GetAsync("/usageapi/v1/forecast"));

        var hoursLeft = (decimal)(month.End - now).Ticks / TimeSpan.TicksPerHour;
        Assert.Equal((user, month.Label, "CNY", 1.2m, 10m), ((string)f["user"]!, (string)f["month"]!, (string)f["currency"]!, (decimal)f["spendToDate"]!, (decimal)f["budget"]!));
        Assert.Equal(Math.Round(1.2m + 2.4m * hoursLeft, 4, MidpointRounding.AwayFromZero), (decimal)f["forecast"]!);
        // 10 % of 10 = 1.00 was reached at 25 minutes; the budget at 4 h 10 min, if the month lasts that long.
        Assert.Equal(ApiTime.Format(bought.AddMinutes(25)), (string)f["thresholds"]![0]!["crossedAt"]!);
        var expectedReach = bought.AddMinutes(250);
        Assert.Equal(expectedReach < month.End ? ApiTime.Format(expectedReach) : null, (string?)f["reachesBudgetAt"]);
        Assert.Null((string?)f["thresholds"]![1]!["crossedAt"]);
        Assert.Equal("[]", f["priceChanges"]!.ToJsonString());
    }
}
