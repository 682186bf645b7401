using System.Net;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Api;

/// <summary>Bearer tokens on every endpoint: API tokens, the deployment's admin token, DataFoundry tokens.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthenticationTests(ApiHostFixture fixture)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/usageapi/v1/amount?user=a&starttime=2026-01-01T00:00:00Z&endtime=2026-02-01T00:00:00Z" },
        { "GET", "/usageapi/v1/speed?user=a" },
        { "GET", "/usageapi/v1/purchaseorders" },
        { "GET", "/usageapi/v1/purchaseorders/abc" },
        { "GET", "/usageapi/v1/purchaseorders/abc/charges" },
        { "POST", "/usageapi/v1/purchaseorders" },
        { "PUT", "/usageapi/v1/purchaseorders/abc" },
        { "GET", "/usageapi/v1/plans" },
        { "GET", "/usageapi/v1/plans/S/versions" },
        { "POST", "/usageapi/v1/plans/S/versions" },
        { "PUT", "/usageapi/v1/plans/S/versions/2030-01-01T00:00:00Z" },
        { "DELETE", "/usageapi/v1/plans/S/versions/2030-01-01T00:00:00Z" },
        { "GET", "/usageapi/v1/tokens" },
        { "POST", "/usageapi/v1/tokens" },
        { "DELETE", "/usageapi/v1/tokens/1" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_401_problem_without_or_with_a_bad_token(string method, string url)
    {
        foreach (var bearer in new string?[] { null, "nonsense", "su_not-a-real-token", ApiHostFixture.AdminToken + "x" })
        {
            using var client = fixture.Client(bearer);
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") });
            await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task Basic_authorization_is_refused()
    {
        using var client = fixture.Client(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic YWxpY2U6cHc=");
        await ApiAssert.ProblemAsync(await client.GetAsync("/usageapi/v1/plans"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Api_token_works_until_revoked_and_carries_its_role()
    {
        var user = ApiHostFixture.NewUser();
        using var tenant = await fixture.TenantAsync(user);
        await ApiAssert.OkAsync(await tenant.GetAsync("/usageapi/v1/purchaseorders"));
        await ApiAssert.ProblemAsync(await tenant.GetAsync("/usageapi/v1/tokens"), HttpStatusCode.Forbidden);

        using var admin = fixture.Admin();
        var list = System.Text.Json.Nodes.JsonNode.Parse(await admin.GetStringAsync($"/usageapi/v1/tokens?user={user}"))!.AsArray();
        var id = (long)list.Single()!["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/usageapi/v1/tokens/{id}")).StatusCode);
        await ApiAssert.ProblemAsync(await tenant.GetAsync("/usageapi/v1/purchaseorders"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Admin_role_token_may_act_for_any_user()
    {
        using var admin = await fixture.TenantAsync(ApiHostFixture.NewUser("adm"), "admin");
        await ApiAssert.OkAsync(await admin.GetAsync("/usageapi/v1/speed?user=someone-else"));
        await ApiAssert.OkAsync(await admin.GetAsync("/usageapi/v1/tokens"));
    }

    [Fact]
    public async Task DataFoundry_token_names_the_user_and_admin_users_are_admins()
    {
        fixture.DataFoundry.Users["df-token-alice"] = "df-alice";
        fixture.DataFoundry.Users["df-token-root"] = "df-root";
        using var alice = fixture.Client("df-token-alice");
        var speed = await ApiAssert.OkAsync(await alice.GetAsync("/usageapi/v1/speed"));
        Assert.Equal("df-alice", (string?)speed["user"]);
        await ApiAssert.ProblemAsync(await alice.GetAsync("/usageapi/v1/speed?user=df-bob"), HttpStatusCode.Forbidden, "user");

        using var root = fixture.Client("df-token-root");
        await ApiAssert.OkAsync(await root.GetAsync("/usageapi/v1/speed?user=df-bob"));
        await ApiAssert.OkAsync(await root.GetAsync("/usageapi/v1/tokens"));

        using var stranger = fixture.Client("df-token-unknown");
        await ApiAssert.ProblemAsync(await stranger.GetAsync("/usageapi/v1/plans"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DataFoundry_answers_are_cached_and_an_unreachable_platform_is_503()
    {
        fixture.DataFoundry.Users["df-token-cache"] = "df-cache";
        using var client = fixture.Client("df-token-cache");
        await ApiAssert.OkAsync(await client.GetAsync("/usageapi/v1/plans"));
        var calls = fixture.DataFoundry.Calls;
        await ApiAssert.OkAsync(await client.GetAsync("/usageapi/v1/plans"));
        Assert.Equal(calls, fixture.DataFoundry.Calls);

        fixture.DataFoundry.Users["df-token-down"] = "df-down";
        fixture.DataFoundry.Down = true;
        try
        {
            using var down = fixture.Client("df-token-down");
            await ApiAssert.ProblemAsync(await down.GetAsync("/usageapi/v1/plans"), HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            fixture.DataFoundry.Down = false;
        }
    }

    [Fact]
    public async Task A_DataFoundry_that_refuses_connections_is_503_never_a_pass()
    {
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        await using var host = new ServiceUsageWebFactory(fixture.Host.Database);
        host.Settings["DATAFOUNDRY_HOST_ADDR"] = $"http://127.0.0.1:{closedPort}";
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "some-openshift-token");
        await ApiAssert.ProblemAsync(await client.GetAsync("/usageapi/v1/speed"), HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Api_errors_without_a_body_become_problems_not_the_portal_page()
    {
        using var client = fixture.Admin();
        // A wrong method, not an unknown path: Operations' metrics test expects to count the only unmatched 404.
        await ApiAssert.ProblemAsync(await client.DeleteAsync("/usageapi/v1/amount"), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_short_admin_token_stops_start_up_naming_the_variable()
    {
        await using var host = new ServiceUsageWebFactory(fixture.Host.Database);
        host.Settings["SERVICEUSAGE_ADMIN_TOKEN"] = "too-short";
        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("SERVICEUSAGE_ADMIN_TOKEN", error.ToString());
    }
}
