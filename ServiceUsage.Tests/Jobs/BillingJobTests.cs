using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Tests.Jobs;

/// <summary>The billing jobs on MariaDB with a fake clock: exactly-once charging whatever the timing.</summary>
public sealed class BillingJobTests(JobsHostFixture fixture) : IClassFixture<JobsHostFixture>
{
    [Fact]
    public async Task One_hour_passing_gives_each_postpay_order_exactly_one_row()
    {
        var now = await fixture.ResetAsync();
        var orders = new[] { await fixture.BuyAsync(OrderType.Postpay), await fixture.BuyAsync(OrderType.Postpay, 3), await fixture.BuyAsync(OrderType.Postpay) };

        fixture.Host.Clock.SetUtcNow(now.AddHours(1));
        var run = await fixture.RunAsync<PostpayBillingJob>();
        await fixture.RunAsync<PostpayBillingJob>();

        Assert.Equal((3, 3, 6.0m), (run!.OrdersSeen, run.RowsCharged, run.MoneyCharged));
        foreach (var order in orders) Assert.Single(await fixture.RowsAsync(order.OrderId));
    }

    [Fact]
    public async Task A_three_day_outage_is_caught_up_by_one_run_with_72_rows_per_order()
    {
        var now = await fixture.ResetAsync();
        var orders = new[] { await fixture.BuyAsync(OrderType.Postpay), await fixture.BuyAsync(OrderType.Postpay), await fixture.BuyAsync(OrderType.Postpay) };

        fixture.Host.Clock.SetUtcNow(now.AddDays(3).AddMinutes(20));
        var run = await fixture.RunAsync<PostpayBillingJob>();

        Assert.Equal(216, run!.RowsCharged);
        foreach (var order in orders) Assert.Equal(72, (await fixture.RowsAsync(order.OrderId)).Count);
        await using var db = fixture.Host.Database.NewContext();
        var record = await db.BillingRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id);
        Assert.Equal((216, 216 * 1.2m, (string?)null), (record.RowsCharged, record.MoneyCharged, record.Error));
        Assert.NotNull(record.EndedAt);
    }

    [Fact]
    public async Task Two_runs_started_together_leave_no_duplicate_and_no_missing_row()
    {
        var now = await fixture.ResetAsync();
        var orders = new List<PurchaseOrder>();
        for (var i = 0; i < 5; i++) orders.Add(await fixture.BuyAsync(OrderType.Postpay));

        fixture.Host.Clock.SetUtcNow(now.AddHours(24));
        await Task.WhenAll(fixture.RunAsync<PostpayBillingJob>(), fixture.RunAsync<PostpayBillingJob>());

        foreach (var order in orders)
        {
            var rows = await fixture.RowsAsync(order.OrderId);
            Assert.Equal(24, rows.Count);
            Assert.Equal(24, rows.Select(r => r.BeginTime).Distinct().Count());
        }
    }

    [Fact]
    public async Task Renewal_and_expiry_happen_at_the_exact_boundary_instant()
    {
        var now = await fixture.ResetAsync();
        var renewing = await fixture.BuyAsync(OrderType.Prepay, autoRenew: true);
        var expiring = await fixture.BuyAsync(OrderType.Prepay);
        var end = now.AddMonths(1);

        fixture.Host.Clock.SetUtcNow(end.AddTicks(-10));
        await fixture.RunAsync<PrepayLifecycleJob>();
        Assert.Equal(OrderStatus.Active, (await fixture.OrderAsync(expiring.OrderId)).Status);
        Assert.Single(await fixture.RowsAsync(renewing.OrderId));

        fixture.Host.Clock.SetUtcNow(end);
        await fixture.RunAsync<PrepayLifecycleJob>();
        Assert.Equal(OrderStatus.Expired, (await fixture.OrderAsync(expiring.OrderId)).Status);
        var renewal = (await fixture.RowsAsync(renewing.OrderId))[^1];
        Assert.Equal((ChargeKind.Renewal, end, now.AddMonths(2)), (renewal.Kind, renewal.BeginTime, renewal.EndTime));
    }

    [Fact]
    public async Task An_order_cancelled_between_runs_is_not_charged_past_its_end()
    {
        var now = await fixture.ResetAsync();
        var order = await fixture.BuyAsync(OrderType.Postpay);
        fixture.Host.Clock.SetUtcNow(now.AddHours(2));
        await fixture.RunAsync<PostpayBillingJob>();

        fixture.Host.Clock.SetUtcNow(now.AddHours(2).AddMinutes(30));
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<OrderService>().CancelAsync(order.OrderId, OrderAccess.Admin);
        fixture.Host.Clock.SetUtcNow(now.AddHours(6));
        await fixture.RunAsync<PostpayBillingJob>();

        var rows = await fixture.RowsAsync(order.OrderId);
        Assert.Equal(3, rows.Count);
        Assert.Equal(now.AddHours(2).AddMinutes(30), rows[^1].EndTime);
    }
}
