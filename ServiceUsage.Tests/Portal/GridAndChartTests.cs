using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Web.Components.Shared;

namespace ServiceUsage.Tests.Portal;

public sealed class GridAndChartTests : PortalTestContext
{
    [Fact]
    public async Task Orders_grid_pages_in_the_database_and_shows_only_the_tenants_orders()
    {
        await SeedPlansAsync();
        for (var i = 0; i < 12; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await BuyAsync("alice", OrderType.Postpay, "P");
        }
        await BuyAsync("mallory", OrderType.Postpay, "P");

        var grid = Render<OrdersGrid>(p => p.Add(g => g.User, "alice"));
        grid.WaitForAssertion(() => Assert.Equal(10, grid.FindAll("[data-testid=order-status]").Count));
        Assert.Contains("1-10 of 12", grid.Markup);
        Assert.DoesNotContain("mallory", grid.Markup);
    }

    [Fact]
    public async Task Orders_grid_shows_an_empty_state_without_orders()
    {
        await SeedPlansAsync();
        var grid = Render<OrdersGrid>(p => p.Add(g => g.User, "alice"));
        grid.WaitForAssertion(() => Assert.NotNull(grid.Find("[data-testid=empty]")));
    }

    [Fact]
    public async Task Charges_grid_pages_an_orders_rows_in_the_database_newest_first()
    {
        await SeedPlansAsync();
        var order = (await BuyAsync("alice", OrderType.Postpay, "P")).Order;
        Clock.Advance(TimeSpan.FromHours(25));
        await using (var scope = Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ServiceUsage.Domain.Billing.ChargingService>().BillAsync();

        var grid = Render<ChargesGrid>(p => p.Add(g => g.OrderId, order.OrderId).Add(g => g.Access, ServiceUsage.Domain.Orders.OrderAccess.Tenant("alice")));
        grid.WaitForAssertion(() => Assert.Equal(20, grid.FindAll("[data-testid=charge-kind]").Count));
        Assert.Contains("1-20 of 25", grid.Markup);
    }

    [Fact]
    public async Task Charges_grid_shows_the_new_orders_rows_when_the_page_moves_to_another_order()
    {
        await SeedPlansAsync();
        var first = (await BuyAsync("alice", OrderType.Postpay, "P")).Order;
        var second = (await BuyAsync("alice", OrderType.Prepay, "S")).Order; // one purchase row
        Clock.Advance(TimeSpan.FromHours(3));
        await using (var scope = Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ServiceUsage.Domain.Billing.ChargingService>().BillAsync();

        var grid = Render<ChargesGrid>(p => p.Add(g => g.OrderId, first.OrderId).Add(g => g.Access, ServiceUsage.Domain.Orders.OrderAccess.Tenant("alice")));
        grid.WaitForAssertion(() => Assert.Equal(3, grid.FindAll("[data-testid=charge-kind]").Count));

        grid.Render(p => p.Add(g => g.OrderId, second.OrderId));
        grid.WaitForAssertion(() => Assert.Equal(["purchase"], grid.FindAll("[data-testid=charge-kind]").Select(e => e.TextContent)));
    }

    [Fact]
    public void Usage_chart_draws_one_bar_series_with_a_bucket_per_day()
    {
        var from = Start.Date;
        var points = new[] { new UsagePoint(from, UsageSeries.Total, 2m), new UsagePoint(from.AddDays(2), UsageSeries.Total, 5m) };
        var chart = Render<UsageChart>(p => p.Add(c => c.Points, points).Add(c => c.From, from).Add(c => c.To, from.AddDays(3)));
        Assert.NotNull(chart.Find("[data-testid=usage-chart] svg"));
        Assert.Contains("03-04", chart.Markup); // the label of the third (last) bucket
        Assert.DoesNotContain("03-05", chart.Markup);
    }

    [Fact]
    public void Usage_chart_without_points_shows_the_empty_state()
    {
        var chart = Render<UsageChart>(p => p.Add(c => c.Points, []).Add(c => c.From, Start).Add(c => c.To, Start.AddDays(1)));
        Assert.NotNull(chart.Find("[data-testid=empty]"));
        Assert.Empty(chart.FindAll("svg.mud-chart"));
    }
}
