using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Tests.Domain;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Events;

/// <summary>
/// A renewal run of 1,000 orders records 1,000 <c>order.renewed</c> events in the batches that renew them (on MySQL,
/// the bulk writer's transactions): a run aborted mid-way keeps whole batches, their rows and events together.
/// </summary>
public abstract class RenewalRunEventTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    private const int Orders = 1000;

    [Fact]
    public async Task A_run_renewing_1000_orders_records_1000_renewals_and_an_aborted_run_keeps_rows_and_events_together()
    {
        var begin = Utc("2026-02-01T00:00:00Z");
        await using (var db = Billing.Database.NewContext())
        {
            db.Orders.AddRange(Enumerable.Range(0, Orders).Select(i => new PurchaseOrder
            {
                OrderId = $"renew{i:D6}".PadRight(PurchaseOrder.IdLength, 'x'), Type = OrderType.Prepay, User = $"tenant{i % 37}",
                ServiceId = "mysql", PlanId = "S", Quantity = 1 + i % 3, BeginTime = begin, EndTime = begin.AddMonths(1), PaidMonths = 1,
                Status = OrderStatus.Active, AutoRenew = true, CreatedAt = begin, UpdatedAt = begin,
            }));
            await db.SaveChangesAsync();
        }
        Billing.Options.BatchSize = 100;
        var asOf = Utc("2026-03-01T12:00:00Z");
        Billing.SetNow(asOf);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Billing.Charging(new FailingRecorder(failOnCall: 4)).RunPrepayLifecycleAsync(asOf));
        var (renewed, evented) = await RenewedAsync();
        Assert.InRange(renewed.Count, 1, Orders - 1); // some batches committed, the failing one and those after it did not
        Assert.Equal(renewed, evented);

        await Billing.Charging().RunPrepayLifecycleAsync(asOf);
        (renewed, evented) = await RenewedAsync();
        Assert.Equal(Orders, renewed.Count);
        Assert.Equal(renewed, evented);
        await using var read = Billing.Database.NewContext();
        Assert.Equal(Orders, await read.Events.Where(e => e.Type == EventTypes.OrderRenewed).Select(e => e.Id).Distinct().CountAsync());
        Assert.Equal(Orders, await new EventSequencer(Billing.Database.Contexts, NullLogger<EventSequencer>.Instance).SequenceAsync());
        Assert.Equal(Orders, await read.Events.MaxAsync(e => e.Sequence));
    }

    /// <summary>Orders with a renewal row, and orders named by an order.renewed event.</summary>
    private async Task<(SortedSet<string> Renewed, SortedSet<string> Evented)> RenewedAsync()
    {
        await using var db = Billing.Database.NewContext();
        var rows = await db.UsageHistory.Where(u => u.Kind == ChargeKind.Renewal).Select(u => u.OrderId).ToListAsync();
        var data = await db.Events.Where(e => e.Type == EventTypes.OrderRenewed).Select(e => e.Data).ToListAsync();
        var named = data.Select(d => System.Text.Json.JsonDocument.Parse(d).RootElement.GetProperty("orderId").GetString()!);
        return (new SortedSet<string>(rows, StringComparer.Ordinal), new SortedSet<string>(named, StringComparer.Ordinal));
    }

    /// <summary>Fails inside the n-th batch's transaction, after the order events of that batch were written.</summary>
    private sealed class FailingRecorder(int failOnCall) : IBillingBatchRecorder
    {
        private int _calls;

        public Task RecordAsync(ServiceUsageDbContext db, BillingBatch batch, CancellationToken ct) =>
            Interlocked.Increment(ref _calls) >= failOnCall ? throw new InvalidOperationException("the run stops here") : Task.CompletedTask;
    }
}

public sealed class SqliteRenewalRunEventTests(SqliteDatabaseFixture f) : RenewalRunEventTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbRenewalRunEventTests(MariaDbDatabaseFixture f) : RenewalRunEventTests(f), IClassFixture<MariaDbDatabaseFixture>;
