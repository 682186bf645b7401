using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Api.Infrastructure;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Tests.Api;

/// <summary>
/// Who may call what: six callers (anonymous, a bad credential, a revoked one, tenant A, tenant B, an admin) against
/// every API route and every portal page, as one table. {A} is tenant A, {OA} an order of A's, {V} a future plan
/// version, {T} a token to revoke.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AccessMatrixTests(ApiHostFixture fixture)
{
    private static readonly string[] Callers = ["anonymous", "bad", "revoked", "tenantA", "tenantB", "admin"];

    /// <summary>
    /// Expected answer per caller, in the order of <see cref="Callers"/>: a status, "login"/"denied" (a redirect to
    /// that page), or "200:marker" (the page shows data-testid=marker).
    /// </summary>
    private static readonly (string Method, string Path, string? Body, string Expect)[] Api =
    [
        ("GET", "/usageapi/v1/amount?user={A}&starttime=2026-01-01T00:00:00Z&endtime=2027-01-01T00:00:00Z", null, "401 401 401 200 403 200"),
        ("GET", "/usageapi/v1/speed?user={A}", null, "401 401 401 200 403 200"),
        ("GET", "/usageapi/v1/speed?order={OA}", null, "401 401 401 200 404 200"),
        ("GET", "/usageapi/v1/purchaseorders?user={A}", null, "401 401 401 200 403 200"),
        ("GET", "/usageapi/v1/purchaseorders", null, "401 401 401 200 200 200"),
        ("GET", "/usageapi/v1/purchaseorders/{OA}", null, "401 401 401 200 404 200"),
        ("GET", "/usageapi/v1/purchaseorders/{OA}/charges", null, "401 401 401 200 404 200"),
        ("PUT", "/usageapi/v1/purchaseorders/{OA}", """{"action":"cancel","dryRun":true}""", "401 401 401 200 404 200"),
        ("POST", "/usageapi/v1/purchaseorders", """{"type":"prepay","planId":"S","quantity":1,"months":1,"user":"{A}","dryRun":true}""", "401 401 401 200 403 200"),
        ("GET", "/usageapi/v1/events", null, "401 401 401 200 200 200"),
        ("GET", "/usageapi/v1/events?user={A}&after=0&limit=5", null, "401 401 401 200 403 200"),
        ("GET", "/usageapi/v1/plans", null, "401 401 401 200 200 200"),
        ("GET", "/usageapi/v1/plans/S/versions", null, "401 401 401 200 200 200"),
        ("POST", "/usageapi/v1/plans/M{A}/versions", """{"beginTime":"2031-01-01T00:00:00Z","name":"M","serviceId":"mysql","monthlyPrice":5}""", "401 401 401 403 403 201"),
        ("PUT", "/usageapi/v1/plans/S/versions/{V}", """{"name":"S later","serviceId":"mysql","monthlyPrice":32}""", "401 401 401 403 403 200"),
        ("DELETE", "/usageapi/v1/plans/S/versions/{V}", null, "401 401 401 403 403 204"),
        ("POST", "/usageapi/v1/tokens", """{"user":"{A}","name":"matrix","role":"tenant"}""", "401 401 401 403 403 201"),
        ("GET", "/usageapi/v1/tokens", null, "401 401 401 403 403 200"),
        ("DELETE", "/usageapi/v1/tokens/{T}", null, "401 401 401 403 403 204"),
        ("POST", "/usageapi/v1/webhooks", """{"url":"https://hooks.public.test/matrix","eventTypes":["order.created"]}""", "401 401 401 201 201 201"),
        ("GET", "/usageapi/v1/webhooks", null, "401 401 401 200 200 200"),
        ("GET", "/usageapi/v1/webhooks/{WA}", null, "401 401 401 200 404 200"),
        ("PUT", "/usageapi/v1/webhooks/{WA}", """{"enabled":true}""", "401 401 401 200 404 200"),
        ("GET", "/usageapi/v1/webhooks/{WA}/deliveries", null, "401 401 401 200 404 200"),
        ("POST", "/usageapi/v1/webhooks/{WA}/deliveries/{WD}/resend", null, "401 401 401 202 404 202"),
        ("DELETE", "/usageapi/v1/webhooks/{WX}", null, "401 401 401 404 404 204"),
        ("PUT", "/usageapi/v1/budgets/{A}", """{"amount":100,"thresholds":[50,100]}""", "401 401 401 201 403 200"),
        ("GET", "/usageapi/v1/budgets/{A}", null, "401 401 401 200 403 200"),
        ("GET", "/usageapi/v1/forecast?user={A}", null, "401 401 401 200 403 200"),
        ("GET", "/usageapi/v1/forecast?user={A}&month=2026-03", null, "401 401 401 200 403 200"),
        ("DELETE", "/usageapi/v1/budgets/{A}", null, "401 401 401 204 403 404"),
    ];

    private static readonly (string Path, string Expect)[] Pages =
    [
        ("/", "login login login 200 200 200"),
        ("/orders", "login login login 200 200 200"),
        ("/orders/{OA}", "login login login 200:order-details 200:order-not-found 200:order-details"),
        ("/plans", "login login login 200 200 200"),
        ("/usage", "login login login 200 200 200"),
        ("/tokens", "login login login 200 200 200"),
        ("/webhooks", "login login login 200 200 200"),
        ("/webhooks/{WA}", "login login login 200:webhook-details 200:webhook-not-found 200:webhook-details"),
        ("/budget", "login login login 200 200 200"),
        ("/admin/plans", "login login login denied denied 200"),
        ("/admin/orders", "login login login denied denied 200"),
        ("/admin/billing", "login login login denied denied 200"),
        ("/admin/tenants/{A}/usage", "login login login denied denied 200"),
        ("/portal/usage.csv", "login login login 200 200 200"),
        ("/portal/usage.csv?user={A}", "login login login 200 403 200"),
        ("/hangfire", "401 401 401 403 403 200"),
    ];

    [Fact]
    public async Task Every_caller_gets_what_the_table_says_on_every_route_and_page()
    {
        var a = ApiHostFixture.NewUser("ta");
        var b = ApiHostFixture.NewUser("tb");
        var admin = ApiHostFixture.NewUser("ad");
        var revokedName = ApiHostFixture.NewUser("rv");
        using var adminApi = fixture.Admin();
        using var aApi = await fixture.TenantAsync(a);
        var order = (string)(await ApiAssert.OkAsync(await aApi.PostAsJsonAsync("/usageapi/v1/purchaseorders",
            new { type = "prepay", planId = "S", quantity = 1, months = 1 }), HttpStatusCode.Created))["order"]!["orderId"]!;
        var version = ApiTime.Format(fixture.Host.Clock.GetUtcNow().UtcDateTime.AddDays(40));
        await ApiAssert.OkAsync(await adminApi.PostAsJsonAsync("/usageapi/v1/plans/S/versions",
            new { beginTime = version, name = "S later", serviceId = "mysql", monthlyPrice = 31m }), HttpStatusCode.Created);
        var toRevoke = (long)(await ApiAssert.OkAsync(await adminApi.PostAsJsonAsync("/usageapi/v1/tokens",
            new { user = b, name = "to revoke", role = "tenant" }), HttpStatusCode.Created))["token"]!["id"]!;
        var (webhook, delivery) = await WebhookWithDeliveryAsync(aApi);
        var deployment = (long)(await ApiAssert.OkAsync(await adminApi.PostAsJsonAsync("/usageapi/v1/webhooks",
            new { url = "https://hooks.public.test/deployment" }), HttpStatusCode.Created))["id"]!;
        string Fill(string s) => s.Replace("{A}", a).Replace("{OA}", order).Replace("{V}", Uri.EscapeDataString(version)).Replace("{T}", toRevoke.ToString())
            .Replace("{WA}", webhook.ToString()).Replace("{WD}", delivery.ToString()).Replace("{WX}", deployment.ToString());

        var api = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = fixture.Client(null),
            ["bad"] = fixture.Client("not-a-token"),
            ["revoked"] = await RevokedTokenAsync(adminApi, revokedName),
            ["tenantA"] = aApi,
            ["tenantB"] = await fixture.TenantAsync(b),
            ["admin"] = await fixture.TenantAsync(admin, Roles.Admin),
        };
        var pages = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = PageClient(),
            ["bad"] = PageClient("serviceusage.auth=CfDJ8-not-a-ticket"),
            ["revoked"] = await DeletedAccountSessionAsync(revokedName),
            ["tenantA"] = await SignedInAsync(a, Roles.Tenant),
            ["tenantB"] = await SignedInAsync(b, Roles.Tenant),
            ["admin"] = await SignedInAsync(admin, Roles.Admin),
        };

        var failures = new List<string>();
        foreach (var (method, path, body, expect) in Api)
            foreach (var (caller, expected) in Callers.Zip(expect.Split(' ')))
            {
                var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
                if (body is not null) request.Content = new StringContent(Fill(body), System.Text.Encoding.UTF8, "application/json");
                using var response = await api[caller].SendAsync(request);
                var status = ((int)response.StatusCode).ToString();
                if (status != expected) failures.Add($"{caller} {method} {path}: {status}, expected {expected}");
                else if (status is "401" or "403" or "404" && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{caller} {method} {path}: {status} without a problem body");
            }
        foreach (var (path, expect) in Pages)
            foreach (var (caller, expected) in Callers.Zip(expect.Split(' ')))
            {
                using var response = await pages[caller].GetAsync(Fill(path));
                var got = await DescribeAsync(response, expected);
                if (got != expected) failures.Add($"{caller} GET {path}: {got}, expected {expected}");
            }

        Assert.True(failures.Count == 0, $"{failures.Count} of {(Api.Length + Pages.Length) * Callers.Length} cells differ:\n" + string.Join("\n", failures));
    }

    /// <summary>"login"/"denied" for a redirect there, "200:marker" when the page shows that data-testid, else the status.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response, string expected)
    {
        var status = (int)response.StatusCode;
        if (status == 302)
        {
            var to = response.Headers.Location?.OriginalString ?? "";
            return to.Contains("/account/login") ? "login" : to.Contains("/account/denied") ? "denied" : "302 " + to;
        }
        if (status == 200 && expected.StartsWith("200:"))
        {
            var marker = expected[4..];
            return (await response.Content.ReadAsStringAsync()).Contains($"data-testid=\"{marker}\"") ? expected : "200 without " + marker;
        }
        return status.ToString();
    }

    /// <summary>Tenant A's endpoint with one delivery of a kept event (written directly: the matrix is about who may resend it).</summary>
    private async Task<(long Endpoint, long Delivery)> WebhookWithDeliveryAsync(HttpClient tenantA)
    {
        var endpoint = (long)(await ApiAssert.OkAsync(await tenantA.PostAsJsonAsync("/usageapi/v1/webhooks",
            new { url = "https://hooks.public.test/a" }), HttpStatusCode.Created))["id"]!;
        var delivery = await fixture.QueryAsync(async db =>
        {
            var kept = ServiceUsage.Domain.Events.EventOutbox.Create(ServiceUsage.Domain.Events.EventTypes.OrderCreated, "matrix",
                Guid.NewGuid().ToString("N"), new { }, DateTime.UtcNow);
            db.Events.Add(kept);
            var row = new ServiceUsage.Domain.Webhooks.WebhookDelivery
            {
                EndpointId = endpoint, EventId = kept.Id, Sequence = 1, EventType = "order.created",
                Status = ServiceUsage.Domain.Webhooks.WebhookDeliveryStatus.Delivered, Attempts = 1,
            };
            db.WebhookDeliveries.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });
        return (endpoint, delivery);
    }

    private async Task<HttpClient> RevokedTokenAsync(HttpClient admin, string user)
    {
        var created = await ApiAssert.OkAsync(await admin.PostAsJsonAsync("/usageapi/v1/tokens", new { user, name = "revoked", role = "tenant" }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/usageapi/v1/tokens/{(long)created["token"]!["id"]!}")).StatusCode);
        return fixture.Client((string)created["secret"]!);
    }

    /// <summary>A session whose account was deleted after it signed in: the next request finds no user behind it.</summary>
    private async Task<HttpClient> DeletedAccountSessionAsync(string name)
    {
        var client = await SignedInAsync(name, Roles.Tenant);
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.True((await users.DeleteAsync((await users.FindByNameAsync(name))!)).Succeeded);
        return client;
    }

    private async Task<HttpClient> SignedInAsync(string name, string role)
    {
        await PortalSignIn.CreateUserAsync(fixture.Host, name, role);
        return await PortalSignIn.SignedInClientAsync(fixture.Host, name);
    }

    private HttpClient PageClient(string? cookie = null)
    {
        var client = fixture.Host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        if (cookie is not null) client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}
