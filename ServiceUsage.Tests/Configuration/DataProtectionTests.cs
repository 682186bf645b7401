using System.Net;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Tests.Configuration;

/// <summary>The Data Protection key ring lives in the database: a sign-in cookie from one replica works on another.</summary>
public sealed class DataProtectionTests
{
    [Fact]
    public async Task A_cookie_issued_by_one_host_is_accepted_by_another_host_on_the_same_database()
    {
        await using var database = await MariaDbTestDatabase.CreateAsync();
        await using var first = new ServiceUsageWebFactory(database);
        await using var second = new ServiceUsageWebFactory(database);
        await PortalSignIn.CreateUserAsync(first, "replica-user", Roles.Tenant);

        using var browser = first.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await PortalSignIn.PostLoginAsync(browser, "replica-user", PortalSignIn.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("serviceusage.auth", StringComparison.Ordinal))
            .Select(c => c.Split(';')[0]));
        Assert.NotEmpty(cookie);

        using var other = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Add("Cookie", cookie);
        var page = await other.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode); // a key ring of its own would send it to the login page

        using var anonymous = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/orders")).StatusCode);

        await using var db = database.NewContext();
        Assert.NotEmpty(db.DataProtectionKeys);
    }
}
