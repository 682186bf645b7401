using System.Net;
using System.Net.Http.Headers;
using ServiceUsage.Tests.Api;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Operations;

/// <summary>Headers on API answers and portal pages; HSTS and a bearer token for /metrics when configured.</summary>
public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task Api_answers_are_never_cached_or_sniffed_and_pages_carry_a_content_security_policy()
    {
        await using var database = await MariaDbTestDatabase.CreateAsync();
        await using var host = new ServiceUsageWebFactory(database);
        host.Settings["SERVICEUSAGE_ADMIN_TOKEN"] = ApiHostFixture.AdminToken;
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });

        foreach (var (token, path) in new[] { (ApiHostFixture.AdminToken, "/usageapi/v1/plans"), (null, "/usageapi/v1/plans"), (ApiHostFixture.AdminToken, "/usageapi/v1/nowhere") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var api = await client.SendAsync(request);
            Assert.Equal("nosniff", Header(api, "X-Content-Type-Options"));
            Assert.Equal("no-store", Header(api, "Cache-Control"));
            Assert.Equal("no-referrer", Header(api, "Referrer-Policy"));
            Assert.Null(Header(api, "Content-Security-Policy"));
            Assert.Null(Header(api, "Strict-Transport-Security"));
        }

        var page = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = Header(page, "Content-Security-Policy")!;
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("DENY", Header(page, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(page, "X-Content-Type-Options"));
        Assert.Contains("no-store", Header(page, "Cache-Control"));
        Assert.Equal("same-origin", Header(page, "Referrer-Policy"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode); // open unless a token is configured
    }

    [Fact]
    public async Task Hsts_when_configured_and_metrics_behind_a_bearer_token()
    {
        await using var database = await MariaDbTestDatabase.CreateAsync();
        await using var host = new ServiceUsageWebFactory(database);
        host.Settings["Security:HstsMaxAgeDays"] = "365";
        host.Settings["Metrics:BearerToken"] = "scrape-secret-0123456789";
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal("max-age=31536000", Header(await client.GetAsync("/account/login"), "Strict-Transport-Security"));
        var anonymous = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new("Bearer", "scrape-secret-0123456780") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new("Bearer", "scrape-secret-0123456789") } };
        var scraped = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("http_server_request_duration", await scraped.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_short_metrics_token_stops_start_up_naming_the_setting()
    {
        await using var database = await MariaDbTestDatabase.CreateAsync();
        await using var host = new ServiceUsageWebFactory(database);
        host.Settings["Metrics:BearerToken"] = "short";
        Assert.Contains("BearerToken", Assert.ThrowsAny<Exception>(() => host.CreateClient()).ToString());
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;
}
