using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Domain.Webhooks;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Tests.Browser;

/// <summary>A tenant with orders and charges, and an admin, on a fresh database: what the page tours look at.</summary>
public sealed record SeededPortal(string Tenant, string Admin, string PrepayOrder, string PostpayOrder, DateTime Now, long WebhookEndpoint);

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
        var now = BillingTime.Now(host.Clock);
        return new SeededPortal(tenant, admin, prepay, postpay, now, await WebhookEndpointAsync(host, tenant, now));
    }

    /// <summary>
    /// The tenant's webhook endpoint as the dispatcher leaves one it gave up on: a delivered event, a failed one with its
    /// attempts (an error answer, a refused target) and the endpoint disabled (rows written directly: no receiver runs).
    /// </summary>
    private static async Task<long> WebhookEndpointAsync(ServiceUsageWebFactory host, string tenant, DateTime now)
    {
        await using var db = host.Database.NewContext();
        var endpoint = new WebhookEndpoint
        {
            Owner = tenant, CreatedBy = tenant, Url = "https://hooks.example.com/service-usage", EventTypes = "order.created,order.cancelled",
            ProtectedSecret = "not-used-by-the-pages", Enabled = false, CreatedAt = now.AddHours(-29), UpdatedAt = now,
            DisabledAt = now.AddHours(-1), DisabledReason = "Disabled after delivery 2 (event 2) failed 8 attempts: The receiver answered 503.",
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync();
        db.WebhookDeliveries.AddRange(
            new WebhookDelivery
            {
                EndpointId = endpoint.Id, EventId = "evt_seeded_created", Sequence = 1, EventType = "order.created", EventAt = now.AddHours(-29),
                Status = WebhookDeliveryStatus.Delivered, Attempts = 1, CreatedAt = now.AddHours(-29), FinishedAt = now.AddHours(-29), LastStatusCode = 200,
                AttemptLog = [new WebhookAttempt { At = now.AddHours(-29), DurationMs = 41, StatusCode = 200, Outcome = WebhookAttemptOutcome.Succeeded }],
            },
            new WebhookDelivery
            {
                EndpointId = endpoint.Id, EventId = "evt_seeded_cancelled", Sequence = 2, EventType = "order.cancelled", EventAt = now.AddHours(-28),
                Status = WebhookDeliveryStatus.Failed, Attempts = 2, CreatedAt = now.AddHours(-28), FinishedAt = now.AddHours(-1), LastStatusCode = 503,
                AttemptLog =
                [
                    new WebhookAttempt { At = now.AddHours(-28), DurationMs = 12, StatusCode = 503, Outcome = WebhookAttemptOutcome.Failed, Error = "The receiver answered 503." },
                    new WebhookAttempt { At = now.AddHours(-1), DurationMs = 0, Outcome = WebhookAttemptOutcome.Refused, Error = "Not sent: the address is private." },
                ],
            });
        await db.SaveChangesAsync();
        return endpoint.Id;
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
