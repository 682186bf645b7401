using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Jobs;

/// <summary>A run stopped in the middle (shutdown, crash) leaves whole batches only; the next run completes the ledger.</summary>
public sealed class InterruptedRunTests(JobsHostFixture fixture) : IClassFixture<JobsHostFixture>
{
    [Fact]
    public async Task A_run_cancelled_during_its_second_batch_then_rerun_gives_the_uninterrupted_ledger()
    {
        var now = await fixture.ResetAsync();
        var orders = new List<PurchaseOrder>();
        for (var i = 0; i < 6; i++) orders.Add(await fixture.BuyAsync(OrderType.Postpay, quantity: i + 1));
        var asOf = now.AddHours(5);
        fixture.Host.Clock.SetUtcNow(asOf);

        using var stop = new CancellationTokenSource();
        var options = (DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>()
            .UseServiceUsageDatabase(fixture.Host.Database.Settings)
            .AddInterceptors(new CancelInTransaction(stop, transactionNumber: 2))
            .Options;
        var charging = new ChargingService(new OptionsContextFactory(options), fixture.Host.Clock,
            Options.Create(new BillingOptions { BatchSize = 2, Writers = 1 }), [new DailyRollupRecorder()], NullLogger<ChargingService>.Instance);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => charging.ChargePostpayAsync(asOf, stop.Token));

        var counts = new List<int>();
        foreach (var order in orders) counts.Add((await fixture.RowsAsync(order.OrderId)).Count);
        Assert.Equal(2, counts.Count(c => c == 5)); // the first batch committed whole
        Assert.Equal(4, counts.Count(c => c == 0)); // the cancelled batch left nothing

        await fixture.RunAsync<ServiceUsage.Web.Jobs.PostpayBillingJob>();
        foreach (var (order, index) in orders.Select((o, i) => (o, i)))
        {
            var rows = await fixture.RowsAsync(order.OrderId);
            Assert.Equal(Enumerable.Range(0, 5).Select(h => now.AddHours(h)), rows.Select(r => r.BeginTime));
            Assert.All(rows, r => Assert.Equal(1.2m * (index + 1), r.Payment));
        }
        // The rolled-back batch took its rollup rows with it; the re-run added them once.
        using var scope = fixture.Host.Services.CreateScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<DailyRollupMaintenance>().CheckAsync());
    }

    /// <summary>
    /// Cancels the run's token as its n-th write transaction starts: the shutdown signal arriving mid-batch,
    /// with the batch's transaction open and none of its statements committed.
    /// </summary>
    private sealed class CancelInTransaction(CancellationTokenSource stop, int transactionNumber) : DbTransactionInterceptor
    {
        private int _transactions;

        public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken ct = default)
        {
            if (++_transactions == transactionNumber) stop.Cancel();
            return base.TransactionStartedAsync(connection, eventData, result, ct);
        }
    }
}
