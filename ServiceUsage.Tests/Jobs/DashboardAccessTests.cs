using System.Net;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Auth;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Tests.Jobs;

/// <summary>/hangfire is for signed-in admins; operators may act, other admins only look.</summary>
public sealed class DashboardAccessTests(JobsHostFixture fixture) : IClassFixture<JobsHostFixture>
{
    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var client = fixture.Host.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task Signed_in_tenants_get_403()
    {
        var name = $"t{Guid.NewGuid():N}"[..12];
        await PortalSignIn.CreateUserAsync(fixture.Host, name, Roles.Tenant);
        using var client = await PortalSignIn.SignedInClientAsync(fixture.Host, name);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task Admins_see_the_dashboard_and_only_operators_get_the_trigger_buttons()
    {
        var admin = $"a{Guid.NewGuid():N}"[..12];
        var operatorName = $"o{Guid.NewGuid():N}"[..12];
        await PortalSignIn.CreateUserAsync(fixture.Host, admin, Roles.Admin);
        await PortalSignIn.CreateUserAsync(fixture.Host, operatorName, Roles.Admin, (AdminDashboardAuthorization.OperatorClaim, "true"));

        using var adminClient = await PortalSignIn.SignedInClientAsync(fixture.Host, admin);
        var home = await adminClient.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var readOnly = await adminClient.GetStringAsync("/hangfire/recurring");
        Assert.Contains(JobIds.PostpayBilling, readOnly);
        Assert.DoesNotContain("recurring/trigger", readOnly);

        using var operatorClient = await PortalSignIn.SignedInClientAsync(fixture.Host, operatorName);
        Assert.Contains("recurring/trigger", await operatorClient.GetStringAsync("/hangfire/recurring"));
    }
}
