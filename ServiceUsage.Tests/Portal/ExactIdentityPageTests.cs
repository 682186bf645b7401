using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Auth;
using ServiceUsage.Domain.Data;
using ServiceUsage.Web.Components.Pages;
using ServiceUsage.Web.Components.Pages.Tenant;

namespace ServiceUsage.Tests.Portal;

/// <summary>
/// The tenant pages on MariaDB, signed in as alice's look-alikes: they show nothing of alice's (and, as the control,
/// alice sees her own). The CSV and the order page over HTTP, and "alice " (never signed in), are in ExactIdentityTests.
/// </summary>
public sealed class ExactIdentityPageTests : PortalTestContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected override DatabaseProvider Provider => DatabaseProvider.MySql;

    [Theory]
    [InlineData("ALICE")]
    [InlineData("Alice")]
    [InlineData("álice")]
    [InlineData("alice")]
    public async Task Overview_orders_order_and_tokens_pages_show_only_the_exact_users_data(string signedIn)
    {
        await SeedPlansAsync();
        var prepay = (await BuyAsync("alice", OrderType.Prepay, "S")).Order;
        await BuyAsync("alice", OrderType.Postpay, "P", quantity: 2);
        await using (var scope = Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync("alice", "alice's token", "tenant");
        Clock.Advance(TimeSpan.FromMinutes(30));
        Auth.SetAuthorized(signedIn);
        var isAlice = signedIn == "alice";

        var home = Render<Home>();
        home.WaitForAssertion(() => Assert.Equal(isAlice ? "2" : "0", home.Find("[data-testid=active]").TextContent.Trim()), Patience);
        Assert.Equal(isAlice, System.Text.RegularExpressions.Regex.IsMatch(home.Find("[data-testid=speed]").TextContent, "[1-9]"));

        var orders = Render<Orders>();
        orders.WaitForAssertion(() => Assert.Equal(isAlice ? 2 : 0, orders.FindAll("[data-testid=order-status]").Count), Patience);
        if (!isAlice) orders.WaitForAssertion(() => Assert.NotNull(orders.Find("[data-testid=empty]")), Patience);

        var details = Render<OrderDetails>(p => p.Add(d => d.OrderId, prepay.OrderId));
        details.WaitForAssertion(() => Assert.NotNull(details.Find(isAlice ? "[data-testid=order-details]" : "[data-testid=order-not-found]")), Patience);
        if (isAlice) details.WaitForAssertion(() => Assert.Single(details.FindAll("[data-testid=charge-kind]")), Patience);

        var tokens = Render<Tokens>();
        tokens.WaitForAssertion(() => Assert.NotNull(tokens.Find(isAlice ? "[data-testid=tokens]" : "[data-testid=empty]")), Patience);
        Assert.Equal(isAlice, tokens.Markup.Contains("alice's token"));
    }
}
