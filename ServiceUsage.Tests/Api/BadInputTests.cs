using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace ServiceUsage.Tests.Api;

/// <summary>Every kind of bad input: a 4xx ProblemDetails naming the field, never a 5xx, and not one row changed.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiHostFixture fixture)
{
    private const string Sql = "x'; DROP TABLE DF_PURCHASE_ORDER; --";
    private const string Html = "<script>alert(1)</script>";
    private static readonly string Long121 = new('u', 121);

    /// <summary>(who, method, url, body, field). {prepay}/{postpay} are orders of the tenant; who is tenant or admin.</summary>
    private static readonly (string Who, string Method, string Url, string? Body, string? Field)[] Cases =
    [
        ("tenant", "GET", "/usageapi/v1/amount?endtime=2026-02-01T00:00:00Z", null, "starttime"),
        ("tenant", "GET", "/usageapi/v1/amount?starttime=2026-01-01T00:00:00Z", null, "endtime"),
        ("tenant", "GET", "/usageapi/v1/amount?starttime=yesterday&endtime=2026-02-01T00:00:00Z", null, "starttime"),
        ("tenant", "GET", "/usageapi/v1/amount?starttime=2026-01-01T00:00:00&endtime=2026-02-01T00:00:00Z", null, "starttime"),
        ("tenant", "GET", "/usageapi/v1/amount?starttime=2026-02-01T00:00:00Z&endtime=2026-01-01T00:00:00Z", null, "endtime"),
        ("tenant", "GET", "/usageapi/v1/amount?starttime=2016-01-01T00:00:00Z&endtime=2026-02-01T00:00:00Z", null, "endtime"),
        ("tenant", "GET", "/usageapi/v1/amount?starttime=2026-01-01T00:00:00Z&endtime=99999999999999", null, "endtime"),
        ("admin", "GET", $"/usageapi/v1/amount?user={Long121}&starttime=2026-01-01T00:00:00Z&endtime=2026-02-01T00:00:00Z", null, "user"),
        ("tenant", "GET", $"/usageapi/v1/amount?order={new string('o', 33)}&starttime=2026-01-01T00:00:00Z&endtime=2026-02-01T00:00:00Z", null, "order"),
        ("tenant", "GET", $"/usageapi/v1/amount?order={Uri.EscapeDataString(Sql)}&starttime=2026-01-01T00:00:00Z&endtime=2026-02-01T00:00:00Z", null, "order"),
        ("tenant", "GET", $"/usageapi/v1/speed?user={Uri.EscapeDataString(Html)}", null, "user"),
        ("tenant", "GET", "/usageapi/v1/speed?time=2026-13-01T00:00:00Z", null, "time"),
        ("tenant", "GET", "/usageapi/v1/purchaseorders?status=paused", null, "status"),
        ("tenant", "GET", "/usageapi/v1/purchaseorders?type=free", null, "type"),
        ("tenant", "GET", "/usageapi/v1/purchaseorders?page=0", null, "page"),
        ("tenant", "GET", "/usageapi/v1/purchaseorders?size=100000", null, "size"),
        ("tenant", "GET", $"/usageapi/v1/purchaseorders/{new string('o', 33)}", null, "orderId"),
        ("tenant", "GET", $"/usageapi/v1/purchaseorders/{Uri.EscapeDataString(Sql)}/charges", null, "orderId"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"free","planId":"S","quantity":1,"months":1}""", "type"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"planId":"S","quantity":1,"months":1}""", "type"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"prepay","planId":"NOPE","quantity":1,"months":1}""", "planId"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"prepay","planId":"X","quantity":1,"months":1}""", "planId"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"postpay","planId":"S","quantity":1}""", "planId"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", $$"""{"type":"prepay","planId":"{{Sql}}","quantity":1,"months":1}""", "planId"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", $$"""{"type":"prepay","planId":"{{Html}}","quantity":1,"months":1}""", "planId"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", $$"""{"type":"prepay","planId":"{{new string('p', 65)}}","quantity":1,"months":1}""", "planId"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"prepay","planId":"S","quantity":0,"months":1}""", "quantity"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"prepay","planId":"S","quantity":1001,"months":1}""", "quantity"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"prepay","planId":"S","quantity":"5","months":1}""", "quantity"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"prepay","planId":"S","quantity":1,"months":0}""", "months"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"prepay","planId":"S","quantity":1,"months":37}""", "months"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"prepay","planId":"S","quantity":1}""", "months"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"postpay","planId":"P","quantity":1,"months":3}""", "months"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"postpay","planId":"P","quantity":1,"user":"someone-else"}""", "user"),
        ("admin", "POST", "/usageapi/v1/purchaseorders", $$"""{"type":"postpay","planId":"P","quantity":1,"user":"{{Long121}}"}""", "user"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"postpay","planId":"P",""", null),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", "", null),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", $$"""{"type":"postpay","planId":"P","quantity":1,"pad":"{{new string('x', 70_000)}}"}""", null),
        ("tenant", "PUT", "/usageapi/v1/purchaseorders/{prepay}", """{"action":"pause"}""", "action"),
        ("tenant", "PUT", "/usageapi/v1/purchaseorders/{prepay}", """{}""", "action"),
        ("tenant", "PUT", "/usageapi/v1/purchaseorders/{prepay}", """{"action":"upgrade","planId":"V","quantity":1}""", "planId"),
        ("tenant", "PUT", "/usageapi/v1/purchaseorders/{prepay}", """{"action":"upgrade","planId":"X","quantity":1}""", "planId"),
        ("tenant", "PUT", "/usageapi/v1/purchaseorders/{prepay}", """{"action":"upgrade","planId":"NOPE","quantity":1}""", "planId"),
        ("tenant", "PUT", "/usageapi/v1/purchaseorders/{prepay}", """{"action":"upgrade","planId":"L","quantity":0}""", "quantity"),
        ("tenant", "PUT", "/usageapi/v1/purchaseorders/{prepay}", """{"action":"upgrade","planId":"L"}""", "quantity"),
        ("tenant", "PUT", "/usageapi/v1/purchaseorders/{prepay}", $$"""{"action":"upgrade","planId":"{{Html}}","quantity":2}""", "planId"),
        ("tenant", "PUT", "/usageapi/v1/purchaseorders/{postpay}", """{"action":"upgrade","planId":"V","quantity":1}""", "planId"),
        ("tenant", "PUT", "/usageapi/v1/purchaseorders/{postpay}", """{"action":"upgrade","planId":"P","quantity":1}""", null),
        ("tenant", "PUT", "/usageapi/v1/purchaseorders/{postpay}", """{"action":"cancel""", null),
        ("tenant", "PUT", $"/usageapi/v1/purchaseorders/{new string('o', 33)}", """{"action":"cancel"}""", "orderId"),
        ("admin", "POST", "/usageapi/v1/plans/S/versions", """{"beginTime":"next week","name":"S","serviceId":"mysql","monthlyPrice":1}""", "beginTime"),
        ("admin", "POST", "/usageapi/v1/plans/S/versions", """{"beginTime":"2099-01-01T00:00:00","name":"S","serviceId":"mysql","monthlyPrice":1}""", "beginTime"),
        ("admin", "POST", "/usageapi/v1/plans/S/versions", """{"beginTime":"2099-01-01T00:00:00Z","name":"S","serviceId":"mysql","monthlyPrice":-1}""", "monthlyPrice"),
        ("admin", "POST", "/usageapi/v1/plans/S/versions", """{"beginTime":"2099-01-01T00:00:00Z","name":"S","serviceId":"volume","monthlyPrice":1}""", "serviceId"),
        ("admin", "POST", "/usageapi/v1/plans/S/versions", """{"beginTime":"2099-01-01T00:00:00Z","serviceId":"mysql","monthlyPrice":1}""", "name"),
        ("admin", "POST", $"/usageapi/v1/plans/{new string('p', 65)}/versions", """{"beginTime":"2099-01-01T00:00:00Z","name":"S","serviceId":"mysql","monthlyPrice":1}""", "planId"),
        ("admin", "PUT", "/usageapi/v1/plans/S/versions/not-a-time", """{"name":"S","serviceId":"mysql","monthlyPrice":1}""", "beginTime"),
        ("admin", "DELETE", "/usageapi/v1/plans/S/versions/2099-01-01T00:00:00Z", null, "beginTime"),
        ("admin", "POST", "/usageapi/v1/tokens", """{"user":"x","name":"n","role":"root"}""", "role"),
        ("admin", "POST", "/usageapi/v1/tokens", $$"""{"user":"{{Long121}}","name":"n","role":"tenant"}""", "user"),
        ("admin", "DELETE", "/usageapi/v1/tokens/999999999", null, "id"),
        // Findings of the outside review (issue 9): each was a 500, a silent acceptance or an unclear answer.
        ("admin", "POST", "/usageapi/v1/tokens", """{"user":"x","name":"a\u0000b","role":"tenant"}""", "name"),
        ("tenant", "GET", "/usageapi/v1/purchaseorders?page=1000001", null, "page"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"postpay","planId":"P","quantity":1,"dryRun":true,"dryRun":false}""", "dryRun"),
        ("tenant", "GET", $"/usageapi/v1/purchaseorders/{Uri.EscapeDataString(new string('é', 32))}", null, "orderId"),
        ("tenant", "GET", $"/usageapi/v1/purchaseorders/{Uri.EscapeDataString(new string('é', 32))}/charges", null, "orderId"),
        ("tenant", "PUT", $"/usageapi/v1/purchaseorders/{Uri.EscapeDataString(new string('é', 32))}", """{"action":"cancel"}""", "orderId"),
        ("tenant", "GET", $"/usageapi/v1/amount?order={Uri.EscapeDataString(new string('é', 32))}&starttime=2026-01-01T00:00:00Z&endtime=2026-02-01T00:00:00Z", null, "order"),
        ("tenant", "GET", $"/usageapi/v1/speed?order={Uri.EscapeDataString(new string('é', 32))}", null, "order"),
        ("admin", "POST", $"/usageapi/v1/plans/{Uri.EscapeDataString("plän")}/versions", """{"beginTime":"2099-01-01T00:00:00Z","name":"S","serviceId":"mysql","monthlyPrice":1}""", "planId"),
        ("admin", "POST", "/usageapi/v1/plans/S/versions", """{"beginTime":"2099-01-01T00:00:00Z","name":"S","serviceId":"my sql","monthlyPrice":1}""", "serviceId"),
        ("tenant", "POST", "/usageapi/v1/purchaseorders", """{"type":"postpay","planId":"P","quantity":"1"}""", "quantity"),
    ];

    [Fact]
    public async Task Bad_input_is_a_4xx_problem_naming_the_field_and_changes_nothing()
    {
        var user = ApiHostFixture.NewUser();
        using var tenant = await fixture.TenantAsync(user);
        using var admin = fixture.Admin();
        var prepay = await BuyAsync(tenant, new { type = "prepay", planId = "S", quantity = 1, months = 1 });
        var postpay = await BuyAsync(tenant, new { type = "postpay", planId = "P", quantity = 1 });
        var before = await SnapshotAsync();
        var failures = new List<string>();

        foreach (var (who, method, url, body, field) in Cases)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{prepay}", prepay).Replace("{postpay}", postpay));
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            var response = await (who == "admin" ? admin : tenant).SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var code = (int)response.StatusCode;
            var label = $"{method} {url[..Math.Min(url.Length, 90)]} {body?[..Math.Min(body.Length, 60)]}";
            if (code is < 400 or >= 500) failures.Add($"{label}: {code} {text[..Math.Min(text.Length, 200)]}");
            else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") failures.Add($"{label}: not a problem: {text}");
            else if (field is not null && !text.Contains(field, StringComparison.OrdinalIgnoreCase)) failures.Add($"{label}: does not name {field}: {text}");
            if (text.Contains("<script>", StringComparison.OrdinalIgnoreCase)) failures.Add($"{label}: echoes raw HTML");
            if (text.Contains("System.", StringComparison.Ordinal) || text.Contains("`1", StringComparison.Ordinal)) failures.Add($"{label}: names .NET types: {text}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await SnapshotAsync());
    }

    private async Task<string> SnapshotAsync() => await fixture.QueryAsync(async db =>
    {
        var orders = await db.Orders.AsNoTracking().OrderBy(o => o.OrderId)
            .Select(o => o.OrderId + o.PlanId + o.Quantity + o.Status + o.RowVersion).ToListAsync();
        var usage = await db.UsageHistory.CountAsync();
        var plans = await db.PlanVersions.AsNoTracking().Select(p => p.PlanId + p.BeginTime + p.Name).ToListAsync();
        var tokens = await db.ApiTokens.CountAsync(t => t.RevokedAt == null);
        var keys = await db.IdempotencyRecords.CountAsync();
        var tables = await db.Database.SqlQueryRaw<string>("SELECT TABLE_NAME AS `Value` FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()").ToListAsync();
        return string.Join("|", orders) + $"#{usage}#" + string.Join("|", plans.Order()) + $"#{tokens}#{keys}#" + string.Join(",", tables.Order());
    });

    private static async Task<string> BuyAsync(HttpClient client, object body)
    {
        var created = await ApiAssert.OkAsync(await client.PostAsJsonAsync("/usageapi/v1/purchaseorders", body), HttpStatusCode.Created);
        return (string)created["order"]!["orderId"]!;
    }
}
