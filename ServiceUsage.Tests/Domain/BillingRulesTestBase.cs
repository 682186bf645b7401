using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain;

/// <summary>
/// BILLING.md's plans for the worked examples: S prepay 30/month, L prepay 90/month (mysql); P postpay 1.2/hour;
/// Q postpay 1.00/hour with a second version at 0.70 from 2026-03-02T11:30Z; V (volume) prepay 10, postpay 0.5.
/// Every test starts from an empty ledger holding just these plans.
/// </summary>
public abstract class BillingRulesTestBase(DatabaseFixture fixture) : IAsyncLifetime
{
    protected static readonly DateTime PlansBegin = Utc("2026-01-01T00:00:00Z");

    protected BillingHarness Billing { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await fixture.Database.ResetAsync();
        Billing = new BillingHarness(fixture.Database, PlansBegin);
        await Billing.AddPlanHistoryAsync(
            BillingHarness.Version("S", PlansBegin, "mysql", 30.00m, null),
            BillingHarness.Version("L", PlansBegin, "mysql", 90.00m, null),
            BillingHarness.Version("P", PlansBegin, "mysql", null, 1.2m),
            BillingHarness.Version("Q", PlansBegin, "mysql", null, 1.00m),
            BillingHarness.Version("Q", Utc("2026-03-02T11:30:00Z"), "mysql", null, 0.70m),
            BillingHarness.Version("V", PlansBegin, "volume", 10m, 0.5m));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected static DateTime Utc(string text) => DateTime.Parse(text, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

    protected async Task<PurchaseOrder> BuyAsync(string at, OrderType type, string plan, int quantity, int months = 1, bool autoRenew = false, string user = "alice")
    {
        Billing.SetNow(Utc(at));
        var change = await Billing.WithOrdersAsync(o => o.CreateAsync(new CreateOrder(user, type, plan, quantity, months, autoRenew)));
        return change.Order;
    }

    protected async Task<OrderChange> CancelAsync(string at, PurchaseOrder order)
    {
        Billing.SetNow(Utc(at));
        return await Billing.WithOrdersAsync(o => o.CancelAsync(order.OrderId, OrderAccess.Tenant(order.User)));
    }

    protected async Task<OrderChange> UpgradeAsync(string at, PurchaseOrder order, string plan, int quantity, bool dryRun = false)
    {
        Billing.SetNow(Utc(at));
        return await Billing.WithOrdersAsync(o => o.UpgradeAsync(order.OrderId, new UpgradeOrder(plan, quantity), OrderAccess.Tenant(order.User), dryRun));
    }

    protected async Task<ChargeResult> BillAsync(string at)
    {
        Billing.SetNow(Utc(at));
        return await Billing.BillAsync();
    }

    /// <summary>The order's rows, oldest first, as "kind [begin, end) payment".</summary>
    protected async Task<List<string>> LedgerAsync(PurchaseOrder order)
    {
        await using var db = Billing.Database.NewContext();
        var rows = await db.UsageHistory.AsNoTracking().Where(u => u.OrderId == order.OrderId).ToListAsync();
        return rows.OrderBy(r => r.BeginTime).ThenBy(r => r.Kind).Select(Describe).ToList();
    }

    protected async Task<PurchaseOrder> ReloadAsync(PurchaseOrder order)
    {
        await using var db = Billing.Database.NewContext();
        return await db.Orders.AsNoTracking().SingleAsync(o => o.OrderId == order.OrderId);
    }

    /// <summary>Speed at an instant, asked with the clock where it is (possibly later).</summary>
    protected async Task<string> SpeedAsync(string at, string user = "alice", string? orderId = null)
    {
        return Money.Format(await Billing.WithQueriesAsync(q => q.SpeedAsync(user, orderId, Utc(at))));
    }

    protected async Task<AmountResult> AmountAsync(string now, string start, string end, string user = "alice", string? orderId = null)
    {
        Billing.SetNow(Utc(now));
        return await Billing.WithQueriesAsync(q => q.AmountAsync(user, orderId, Utc(start), Utc(end)));
    }

    protected static string Describe(UsageRecord r) =>
        $"{EnumNames.ToWire(r.Kind)} [{r.BeginTime:yyyy-MM-ddTHH:mm:ss}, {r.EndTime:yyyy-MM-ddTHH:mm:ss}) {Money.Format(r.Payment)}";
}
