using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Usage;
using MudBlazor;
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
    public void Usage_chart_draws_bars_per_day_labelled_with_local_days()
    {
        var from = Start.Date;
        var buckets = UsageSeries.Buckets(from, from.AddDays(3), UsageGranularity.Day);
        var points = new[] { new UsagePoint(from, UsageSeries.Total, 2m), new UsagePoint(from.AddDays(2), UsageSeries.Total, 5m) };
        var series = UsageChart.FromPoints(points, buckets);
        Assert.Equal([2m, 0m, 5m], series.Single().Values);
        var (type, group, labels) = UsageChart.Layout(buckets, series.Count, UsageGranularity.Day);
        Assert.Equal(1, group);
        Assert.Equal(ChartType.Bar, type);
        Assert.Equal(["03-02", "03-03", "03-04"], labels);

        // MudBlazor lays the chart out in the browser (the browser tests look at it); here: it is there, named.
        var chart = Render<UsageChart>(p => p.Add(c => c.Buckets, buckets).Add(c => c.Series, series).Add(c => c.AriaLabel, "Charged per day"));
        Assert.Equal("Charged per day", chart.Find("[data-testid=usage-chart]").GetAttribute("aria-label"));
    }

    [Fact]
    public void Usage_chart_over_30_days_of_hours_sums_half_days_and_a_year_of_days_weeks_with_at_most_a_dozen_labels()
    {
        var buckets = UsageSeries.Buckets(Start.Date, Start.Date.AddDays(30), UsageGranularity.Hour);
        var (type, group, labels) = UsageChart.Layout(buckets, 1, UsageGranularity.Hour);
        Assert.Equal((720, ChartType.Bar, 12, 60), (buckets.Count, type, group, labels.Length));
        Assert.InRange(labels.Count(l => l.Length > 0), 10, 12);
        Assert.Equal("03-02 00:00", labels[0]);
        Assert.Equal(7, UsageChart.GroupSize(365, UsageGranularity.Day));
        Assert.Equal(1, UsageChart.GroupSize(62, UsageGranularity.Day));
    }

    [Fact]
    public void Usage_chart_without_points_shows_the_empty_state()
    {
        var chart = Render<UsageChart>(p => p.Add(c => c.Buckets, [Start]).Add(c => c.Series, []));
        Assert.NotNull(chart.Find("[data-testid=empty]"));
        Assert.Empty(chart.FindAll("svg.mud-chart"));
    }
}
