using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ServiceUsage.Domain.Webhooks;
using WebhooksPage = ServiceUsage.Web.Components.Pages.Webhooks.Webhooks;

namespace ServiceUsage.Tests.Portal;

/// <summary>
/// The webhooks page as a tenant uses it: adding an endpoint shows its signing secret once (stored only encrypted),
/// a refused target says why and stores nothing, and another tenant's endpoints are not listed.
/// </summary>
public sealed class WebhookPageTests : PortalTestContext
{
    protected override void AddServices(IServiceCollection services) =>
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());

    [Fact]
    public async Task Adding_an_endpoint_shows_its_secret_once_and_lists_it()
    {
        await SeedEndpointAsync("mallory", "https://203.0.113.9/mallory");
        var page = Render<WebhooksPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=empty]"))); // mallory's endpoint is not alice's

        page.Find("input[data-testid=webhook-url], [data-testid=webhook-url] input").Input("https://93.184.216.34/hooks");
        await page.Find("[data-testid=webhook-create]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.StartsWith("whsec_", page.Find("[data-testid=webhook-secret] code").TextContent.Trim()));
        var secret = page.Find("[data-testid=webhook-secret] code").TextContent.Trim();
        Assert.Contains("https://93.184.216.34/hooks", page.Find("[data-testid=webhooks]").TextContent);
        Assert.DoesNotContain("203.0.113.9", page.Markup);

        await using (var db = Database.NewContext())
        {
            var stored = await db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Owner == "alice");
            Assert.Equal("https://93.184.216.34/hooks", stored.Url);
            Assert.DoesNotContain(secret, stored.ProtectedSecret); // encrypted at rest
        }

        var again = Render<WebhooksPage>(); // the page opened later: the endpoint, never its secret
        again.WaitForAssertion(() => Assert.NotNull(again.Find("[data-testid=webhooks]")));
        Assert.Empty(again.FindAll("[data-testid=webhook-secret]"));
        Assert.DoesNotContain(secret, again.Markup);
    }

    private const string PublicOnly = "Webhooks go to public internet addresses only: this URL's host does not resolve, or it resolves to a " +
        "loopback, private, link-local or reserved address.";

    [Theory]
    [InlineData("https://10.0.0.5/hooks", PublicOnly)] // a private address
    [InlineData("https://169.254.169.254/latest", PublicOnly)] // the metadata service
    [InlineData("https://[::ffff:127.0.0.1]/hooks", PublicOnly)] // loopback written as IPv6
    [InlineData("http://93.184.216.34/hooks", "url must use https.")] // a tenant's endpoint must use https
    public async Task A_refused_target_says_why_and_stores_nothing(string url, string message)
    {
        var page = Render<WebhooksPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=empty]")));
        page.Find("input[data-testid=webhook-url], [data-testid=webhook-url] input").Input(url);
        await page.Find("[data-testid=webhook-create]").ClickAsync(new());

        var snackbar = Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Severity == Severity.Error && s.Message == message));
        Assert.Empty(page.FindAll("[data-testid=webhook-secret]"));
        await using var db = Database.NewContext();
        Assert.False(await db.WebhookEndpoints.AnyAsync());
    }

    private async Task SeedEndpointAsync(string owner, string url)
    {
        await using var db = Database.NewContext();
        db.WebhookEndpoints.Add(new WebhookEndpoint
        {
            Owner = owner, CreatedBy = owner, Url = url, ProtectedSecret = "not-read-here", CreatedAt = Start, UpdatedAt = Start,
        });
        await db.SaveChangesAsync();
    }
}
