using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Tests.Jobs;

/// <summary>The real host over a private MariaDB database, with a small billing batch so runs span several batches.</summary>
public sealed class JobsHostFixture : IAsyncLifetime
{
    public ServiceUsageWebFactory Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = await MariaDbTestDatabase.CreateAsync();
        Host = new ServiceUsageWebFactory(database);
        Host.Settings["Billing:BatchSize"] = "2";
        Host.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        if (Host is null) return; // InitializeAsync failed and said why
        await Host.DisposeAsync();
        await Host.Database.DisposeAsync();
    }

    /// <summary>An empty ledger with postpay plan P (1.2/h) and prepay plan S (30/month); the clock on the next whole hour.</summary>
    public async Task<DateTime> ResetAsync()
    {
        await Host.Database.ResetAsync();
        var now = BillingTime.NextHour(BillingTime.Now(Host.Clock)).AddDays(1);
        Host.Clock.SetUtcNow(now);
        await using var db = Host.Database.NewContext();
        db.PlanVersions.AddRange(
            BillingHarness.Version("P", now.AddYears(-1), "mysql", null, 1.2m),
            BillingHarness.Version("S", now.AddYears(-1), "mysql", 30m, null));
        await db.SaveChangesAsync();
        return now;
    }

    public async Task<PurchaseOrder> BuyAsync(OrderType type, int quantity = 1, bool autoRenew = false)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<OrderService>();
        var plan = type == OrderType.Prepay ? "S" : "P";
        return (await orders.CreateAsync(new CreateOrder($"u{Guid.NewGuid():N}"[..12], type, plan, quantity, 1, autoRenew))).Order;
    }

    public Task<BillingRun?> RunAsync<TJob>(CancellationToken ct = default) where TJob : notnull =>
        Host.RunBillingAsync(typeof(TJob) == typeof(PostpayBillingJob) ? JobIds.PostpayBilling : JobIds.PrepayLifecycle, ct);

    public async Task<List<UsageRecord>> RowsAsync(string orderId)
    {
        await using var db = Host.Database.NewContext();
        return await db.UsageHistory.AsNoTracking().Where(u => u.OrderId == orderId).OrderBy(u => u.BeginTime).ToListAsync();
    }

    public async Task<PurchaseOrder> OrderAsync(string orderId)
    {
        await using var db = Host.Database.NewContext();
        return await db.Orders.AsNoTracking().SingleAsync(o => o.OrderId == orderId);
    }
}
