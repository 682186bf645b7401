using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Tests.Jobs;

/// <summary>"Re-run from T" only adds what the ledger lacks and never duplicates.</summary>
public sealed class LedgerRepairTests(JobsHostFixture fixture) : IClassFixture<JobsHostFixture>
{
    [Fact]
    public async Task Rerun_from_a_time_refills_lost_hours_exactly_and_a_second_rerun_adds_nothing()
    {
        var now = await fixture.ResetAsync();
        var order = await fixture.BuyAsync(OrderType.Postpay, quantity: 2);
        fixture.Host.Clock.SetUtcNow(now.AddHours(10));
        await fixture.RunAsync<PostpayBillingJob>();
        var original = (await fixture.RowsAsync(order.OrderId)).Select(r => (r.BeginTime, r.EndTime, r.Payment)).ToList();
        await using (var db = fixture.Host.Database.NewContext())
            await DailyRollups.DeleteAsync(db, db.UsageHistory.Where(u => u.OrderId == order.OrderId && u.BeginTime >= now.AddHours(3) && u.BeginTime < now.AddHours(6)), CancellationToken.None);

        var first = await RerunAsync(now.AddHours(2));
        var second = await RerunAsync(now.AddHours(2));

        Assert.Equal((3, 7.2m), (first.RowsAdded, first.MoneyAdded));
        Assert.Equal(0, second.RowsAdded);
        Assert.Empty(first.Unresolved);
        Assert.Equal(original, (await fixture.RowsAsync(order.OrderId)).Select(r => (r.BeginTime, r.EndTime, r.Payment)));
    }

    [Fact]
    public async Task Rerun_also_charges_hours_that_ended_since_the_last_run()
    {
        var now = await fixture.ResetAsync();
        var order = await fixture.BuyAsync(OrderType.Postpay);
        fixture.Host.Clock.SetUtcNow(now.AddHours(4));

        var report = await RerunAsync(now);

        Assert.Equal(4, report.CatchUp.RowsCharged);
        Assert.Equal(4, (await fixture.RowsAsync(order.OrderId)).Count);
    }

    [Fact]
    public async Task Rerun_waits_for_no_billing_run_holds_the_postpay_lock_and_leaves_a_run_record_with_its_report()
    {
        var now = await fixture.ResetAsync();
        var order = await fixture.BuyAsync(OrderType.Postpay);
        fixture.Host.Clock.SetUtcNow(now.AddHours(6));
        await fixture.RunAsync<PostpayBillingJob>();
        await using (var db = fixture.Host.Database.NewContext())
            await DailyRollups.DeleteAsync(db, db.UsageHistory.Where(u => u.OrderId == order.OrderId && u.BeginTime == now.AddHours(2)), CancellationToken.None);

        await using (await fixture.Host.Services.GetRequiredService<BillingLock>().TryAcquireAsync(BillingJobs.PostpayBilling, default))
        {
            var refused = await Assert.ThrowsAsync<BillingException>(() => RerunAsync(now));
            Assert.Equal(BillingError.Conflict, refused.Error);
            Assert.Equal(5, (await fixture.RowsAsync(order.OrderId)).Count);
        }
        var report = await RerunAsync(now);

        Assert.Equal(6, (await fixture.RowsAsync(order.OrderId)).Count);
        await using var after = fixture.Host.Database.NewContext();
        var run = await after.BillingRuns.AsNoTracking().SingleAsync(r => r.Job == BillingJobs.LedgerRepair);
        Assert.Equal((BillingRunOutcome.Succeeded, 1, 1.2m, report.Summary), (run.Outcome, run.RowsCharged, run.MoneyCharged, run.Report));
        Assert.Contains("added 1 missing rows", run.Report);
    }

    private async Task<RepairReport> RerunAsync(DateTime from)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LedgerRepair>().RerunFromAsync(from);
    }
}
