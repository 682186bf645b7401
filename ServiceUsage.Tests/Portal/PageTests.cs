using Bunit;
using ServiceUsage.Domain;
using ServiceUsage.Web.Components.Pages;
using ServiceUsage.Web.Components.Pages.Tenant;

namespace ServiceUsage.Tests.Portal;

public sealed class PageTests : PortalTestContext
{
    [Fact]
    public async Task Overview_shows_speed_projection_month_to_date_and_active_orders_of_the_signed_in_tenant()
    {
        await SeedPlansAsync();
        await BuyAsync("alice", OrderType.Postpay, "P", quantity: 2);
        await BuyAsync("mallory", OrderType.Postpay, "P", quantity: 5);
        Clock.Advance(TimeSpan.FromMinutes(30));

        var page = Render<Home>();
        page.WaitForAssertion(() =>
        {
            Assert.Equal("2.40 CNY/h", page.Find("[data-testid=speed]").TextContent.Trim());
            Assert.Equal("1,728.00 CNY", page.Find("[data-testid=projection]").TextContent.Trim());
            Assert.Equal("1.20 CNY", page.Find("[data-testid=consumed-month]").TextContent.Trim()); // half an hour accrued, not yet charged
            Assert.Equal("0.00 CNY", page.Find("[data-testid=charged-month]").TextContent.Trim()); // nothing booked yet
            Assert.Equal("consumed", page.Find("[data-testid=consumed-month-basis]").TextContent.Trim());
            Assert.Equal("charged", page.Find("[data-testid=charged-month-basis]").TextContent.Trim());
            Assert.Equal("1", page.Find("[data-testid=active]").TextContent.Trim());
        });
    }

    [Fact]
    public async Task Plans_page_lists_the_catalogue_with_upcoming_price_changes()
    {
        await SeedPlansAsync();
        var page = Render<Plans>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=catalog]")));
        Assert.Equal(3, page.FindAll("[data-testid^=buy-]").Count);
        Assert.Contains("1.50 CNY/h", page.Find("[data-testid=catalog]").TextContent); // P's price from next week
        Assert.Contains("30.00 CNY/month", page.Find("[data-testid=catalog]").TextContent);
    }
}
