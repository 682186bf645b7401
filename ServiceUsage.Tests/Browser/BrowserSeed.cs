using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Tests.Browser;

/// <summary>A tenant with orders and charges, and an admin, on a fresh database: what the page tours look at.</summary>
public sealed record SeededPortal(string Tenant, string Admin, string PrepayOrder, string PostpayOrder, DateTime Now);

public static class BrowserSeed
{
    /// <summary>Plan names as admins write them, a long one included (the catalogue must not widen for it).</summary>
    public static readonly string LongName = "Managed database, high availability, three zones, daily backups kept thirty days, " +
        "point-in-time recovery, private network, encryption at rest and in transit, monitoring and alerting, premium support";

    public static async Task<SeededPortal> TenantWithChargesAsync(BrowserHostFixture fixture)
    {
        var host = fixture.Host;
        await host.Database.ResetAsync();
        var start = BillingTime.Now(host.Clock);
        await using (var db = host.Database.NewContext())
        {
            db.PlanVersions.AddRange(
                BillingHarness.Version("P", start.AddYears(-2), "vm", null, 1.2m),
                BillingHarness.Version("P2", start.AddYears(-2), "vm", null, 2.0m),
                BillingHarness.Version("S", start.AddYears(-2), "vm", 30m, 0.055m),
                BillingHarness.Version("L", start.AddYears(-2), "vm", 90m, null),
                BillingHarness.Version("S", start.AddDays(7), "vm", 33m, 0.06m));
            var longPlan = BillingHarness.Version("db-ha", start.AddYears(-2), "db", 1200m, null);
            longPlan.Name = LongName;
            db.PlanVersions.Add(longPlan);
            await db.SaveChangesAsync();
        }
        var tenant = await NewUserAsync(host, Roles.Tenant);
        var admin = await NewUserAsync(host, Roles.Admin);
        string prepay, postpay;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var orders = scope.ServiceProvider.GetRequiredService<OrderService>();
            prepay = (await orders.CreateAsync(new CreateOrder(tenant, OrderType.Prepay, "S", 2, 3, AutoRenew: true))).Order.OrderId;
            postpay = (await orders.CreateAsync(new CreateOrder(tenant, OrderType.Postpay, "P", 1))).Order.OrderId;
        }
        host.Clock.Advance(TimeSpan.FromHours(30));
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ChargingService>().BillAsync();
        return new SeededPortal(tenant, admin, prepay, postpay, BillingTime.Now(host.Clock));
    }

    /// <summary>A year of daily charges and 30 days of hourly ones for a new tenant (rows written directly: data, not rules, matter here).</summary>
    public static async Task<string> TenantWithAYearOfChargesAsync(BrowserHostFixture fixture)
    {
        var host = fixture.Host;
        var tenant = await NewUserAsync(host, Roles.Tenant);
        var now = BillingTime.FloorHour(BillingTime.Now(host.Clock));
        var order = new PurchaseOrder
        {
            OrderId = OrderService_NewId(), Type = OrderType.Postpay, User = tenant, ServiceId = "vm", PlanId = "P", Quantity = 1,
            BeginTime = now.AddDays(-400), ChargedUntil = now, Status = OrderStatus.Active, CreatedAt = now.AddDays(-400), UpdatedAt = now,
        };
        await using var db = host.Database.NewContext();
        db.Orders.Add(order);
        var begins = Enumerable.Range(1, 365).Select(d => now.AddDays(-d).AddHours(-12))
            .Concat(Enumerable.Range(1, 30 * 24).Select(h => now.AddHours(-h))).Distinct();
        db.UsageHistory.AddRange(begins.Select(b => new UsageRecord
        {
            OrderId = order.OrderId, User = tenant, Kind = ChargeKind.Usage, BeginTime = b, EndTime = b.AddHours(1), Payment = 1.2m,
            OrderDetails = new ChargeSnapshot { PlanId = "P", ServiceId = "vm", VersionBeginTime = now.AddYears(-2), UnitPrice = 1.2m, Quantity = 1 },
        }));
        await DailyRollups.SaveAsync(db, CancellationToken.None);
        return tenant;
    }

    private static string OrderService_NewId() => Guid.NewGuid().ToString("N");

    public static async Task<string> NewUserAsync(ServiceUsageWebFactory host, string role)
    {
        var name = $"{role[0]}{Guid.NewGuid():N}"[..12];
        await PortalSignIn.CreateUserAsync(host, name, role);
        return name;
    }
}
