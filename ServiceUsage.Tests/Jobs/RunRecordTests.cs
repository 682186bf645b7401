using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Tests.Jobs;

/// <summary>SU_BILLING_RUN tells the truth however a run ends: written first, counts as committed, an outcome for every end.</summary>
public sealed class RunRecordTests(JobsHostFixture fixture) : IClassFixture<JobsHostFixture>
{
    [Fact]
    public async Task A_run_stopped_after_its_first_commit_is_recorded_cancelled_with_exactly_the_committed_counts()
    {
        var now = await fixture.ResetAsync();
        for (var i = 0; i < 6; i++) await fixture.BuyAsync(OrderType.Postpay, quantity: i + 1);
        fixture.Host.Clock.SetUtcNow(now.AddHours(5));
        using var stop = new CancellationTokenSource();
        BillingRun? seenAtStart = null;

        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var charging = new ChargingService(services.GetRequiredService<IDbContextFactory<ServiceUsageDbContext>>(), fixture.Host.Clock,
                services.GetRequiredService<IOptions<BillingOptions>>(), [new StopAfterFirstCommit(stop)], NullLogger<ChargingService>.Instance);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => services.GetRequiredService<BillingRunner>().RunAsync(JobIds.PostpayBilling,
                async (run, token) =>
                {
                    seenAtStart = await RunAsync(run.RunId);
                    await charging.ChargePostpayAsync(run.AsOf, run.Progress, token);
                }, stop.Token));
        }

        Assert.Equal((BillingRunOutcome.Running, 0, (DateTime?)null), (seenAtStart!.Outcome, seenAtStart.RowsCharged, seenAtStart.EndedAt));
        await using var db = fixture.Host.Database.NewContext();
        var record = await db.BillingRuns.AsNoTracking().SingleAsync();
        var rows = await db.UsageHistory.AsNoTracking().ToListAsync();
        Assert.InRange(rows.Count, 5, 29); // at least the first batch, not all of the 30 rows
        Assert.Equal(BillingRunOutcome.Cancelled, record.Outcome);
        Assert.Equal((rows.Count, rows.Sum(r => r.Payment), rows.Select(r => r.OrderId).Distinct().Count()),
            (record.RowsCharged, record.MoneyCharged, record.OrdersSeen));
        Assert.NotNull(record.EndedAt);
        Assert.Equal(BillingRunner.HostName, record.Host);
    }

    [Fact]
    public async Task A_run_left_running_by_a_dead_host_is_marked_abandoned_by_the_next_run_of_its_lock()
    {
        var now = await fixture.ResetAsync();
        await fixture.BuyAsync(OrderType.Postpay);
        await using (var db = fixture.Host.Database.NewContext())
        {
            db.BillingRuns.AddRange(
                Running(BillingJobs.PostpayBilling, now.AddMinutes(-20), rows: 7),
                Running(BillingJobs.LedgerRepair, now.AddMinutes(-30), rows: 2),
                Running(BillingJobs.PrepayLifecycle, now.AddMinutes(-10), rows: 1));
            await db.SaveChangesAsync();
        }
        fixture.Host.Clock.SetUtcNow(now.AddHours(2));

        var run = await fixture.RunAsync<PostpayBillingJob>();

        await using var after = fixture.Host.Database.NewContext();
        var runs = await after.BillingRuns.AsNoTracking().ToDictionaryAsync(r => r.Job == BillingJobs.PostpayBilling && r.Id == run!.Id ? "new" : r.Job);
        Assert.Equal((BillingRunOutcome.Succeeded, 2), (runs["new"].Outcome, runs["new"].RowsCharged));
        Assert.Equal((BillingRunOutcome.Abandoned, 7, run!.StartedAt), (runs[BillingJobs.PostpayBilling].Outcome, runs[BillingJobs.PostpayBilling].RowsCharged, runs[BillingJobs.PostpayBilling].EndedAt));
        Assert.Equal(BillingRunOutcome.Abandoned, runs[BillingJobs.LedgerRepair].Outcome); // same lock
        Assert.Equal(BillingRunOutcome.Running, runs[BillingJobs.PrepayLifecycle].Outcome); // another lock: not this run's to judge
    }

    private static BillingRun Running(string job, DateTime started, int rows) => new()
    {
        Job = job, Host = "gone-1", StartedAt = started, AsOf = started, Outcome = BillingRunOutcome.Running, RowsCharged = rows,
    };

    private async Task<BillingRun> RunAsync(long id)
    {
        await using var db = fixture.Host.Database.NewContext();
        return await db.BillingRuns.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    private sealed class StopAfterFirstCommit(CancellationTokenSource stop) : IBillingBatchRecorder
    {
        public Task RecordAsync(ServiceUsageDbContext db, BillingBatch batch, CancellationToken ct) => Task.CompletedTask;

        public void Committed(BillingBatch batch) => stop.Cancel();
    }
}

/// <summary>A job attempt while the database is down fails at once and still leaves its failed row once the database is back.</summary>
public sealed class OutageRunRecordTests
{
    [Fact]
    public async Task An_attempt_during_an_outage_is_recorded_failed_when_the_database_returns()
    {
        await using var server = await PrivateMariaDb.StartAsync();
        await using var host = new ServiceUsageWebFactory(new ExternalTestDatabase(server.ConnectionString("su_outage")));
        host.CreateClient().Dispose(); // migrates

        await server.StopServerAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => host.RunBillingAsync());
        await server.StartServerAsync();
        var next = await host.RunBillingAsync();

        await using var db = await host.Services.GetRequiredService<IDbContextFactory<ServiceUsageDbContext>>().CreateDbContextAsync();
        var runs = await db.BillingRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([BillingRunOutcome.Failed, BillingRunOutcome.Succeeded], runs.Select(r => r.Outcome));
        Assert.Contains("could not be reached", runs[0].Error);
        Assert.Equal(next!.Id, runs[1].Id);
    }

}
