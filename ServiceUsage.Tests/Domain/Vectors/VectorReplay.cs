using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain.Vectors;

/// <summary>Replays one scenario of billing-vectors.json through the engine and its database, step by step as BILLING-VECTORS.md says.</summary>
public static class VectorReplay
{
    /// <param name="afterEvent">Called after each event (applied or refused), with the clock at the event's time.</param>
    public static async Task<BillingHarness> RunAsync(TestDatabase database, BillingVector vector, Func<BillingHarness, VectorEvent, Task>? afterEvent = null)
    {
        await database.ResetAsync();
        var harness = new BillingHarness(database, vector.Events[0].At);
        harness.Options.PrepayCancelRefund = vector.RefundPolicy == "prorata" ? RefundPolicy.Prorata : RefundPolicy.None;
        await harness.AddPlanHistoryAsync(vector.Plans
            .Select(p => BillingHarness.Version(p.PlanId, p.BeginTime, p.ServiceId, Price(p.MonthlyPrice), Price(p.HourlyPrice), p.OnSale))
            .ToArray());

        var ids = new Dictionary<string, string>(); // vector label -> engine order id
        foreach (var (e, index) in vector.Events.Select((e, i) => (e, i)))
        {
            harness.SetNow(e.At);
            var step = $"{vector.Name} event {index} ({e.Op} {e.OrderId} at {e.At:O})";
            var before = await SnapshotAsync(database);
            try
            {
                await ApplyAsync(harness, e, ids);
                Assert.True(e.ExpectError is null, $"{step}: expected refusal '{e.ExpectError}', but it succeeded");
            }
            catch (BillingException ex) when (e.ExpectError is not null)
            {
                Assert.True(ErrorName(ex.Error) == e.ExpectError, $"{step}: expected '{e.ExpectError}', got '{ErrorName(ex.Error)}': {ex.Message}");
                Assert.True(before == await SnapshotAsync(database), $"{step}: a refused call changed the database");
            }
            if (afterEvent is not null) await afterEvent(harness, e);
        }

        var labels = ids.ToDictionary(p => p.Value, p => p.Key);
        await using (var db = database.NewContext())
        {
            var rows = (await db.UsageHistory.AsNoTracking().ToListAsync())
                .Select(r => new VectorRow(labels[r.OrderId], r.User, EnumNames.ToWire(r.Kind), r.BeginTime, r.EndTime, Money.Format(r.Payment)))
                .OrderBy(r => r.OrderId, StringComparer.Ordinal).ThenBy(r => r.BeginTime).ThenBy(r => r.Kind, StringComparer.Ordinal)
                .ToList();
            Assert.Equal(vector.ExpectedRows, rows);

            var orders = (await db.Orders.AsNoTracking().ToListAsync())
                .Select(o => new VectorOrder(labels[o.OrderId], EnumNames.ToWire(o.Status), o.EndTime, o.PlanId, o.Quantity))
                .OrderBy(o => o.OrderId, StringComparer.Ordinal)
                .ToList();
            Assert.Equal(vector.ExpectedOrders, orders);
        }

        await harness.AssertRollupsMatchLedgerAsync(vector.Name);

        harness.SetNow(vector.Now);
        foreach (var q in vector.Queries)
        {
            var orderId = q.OrderId is null ? null : ids[q.OrderId];
            if (q.Kind == "amount")
            {
                var result = await harness.WithQueriesAsync(u => u.AmountAsync(q.User, orderId, q.Start!.Value, q.End!.Value));
                var actual = $"{Money.Format(result.Amount)}/{Money.Format(result.Accrued)}/{Money.Format(result.Total)}";
                var expected = $"{q.Expect.GetProperty("amount").GetString()}/{q.Expect.GetProperty("accrued").GetString()}/{q.Expect.GetProperty("total").GetString()}";
                Assert.True(expected == actual, $"{vector.Name} amount({q.User}, {q.OrderId}, {q.Start:O}, {q.End:O}): expected {expected}, got {actual}");
            }
            else
            {
                var speed = await harness.WithQueriesAsync(u => u.SpeedAsync(q.User, orderId, q.At!.Value));
                Assert.True(q.Expect.GetString() == Money.Format(speed), $"{vector.Name} speed({q.User}, {q.OrderId}, {q.At:O}): expected {q.Expect.GetString()}, got {Money.Format(speed)}");
            }
        }
        return harness;
    }

    private static async Task ApplyAsync(BillingHarness harness, VectorEvent e, Dictionary<string, string> ids)
    {
        switch (e.Op)
        {
            case "createPrepay" or "createPostpay":
                var type = e.Op == "createPrepay" ? OrderType.Prepay : OrderType.Postpay;
                var created = await harness.WithOrdersAsync(o => o.CreateAsync(
                    new CreateOrder(e.User!, type, e.PlanId!, e.Quantity!.Value, e.Months ?? 1, e.AutoRenew ?? false)));
                ids[e.OrderId!] = created.Order.OrderId;
                break;
            case "cancel":
                await harness.WithOrdersAsync(o => o.CancelAsync(ids[e.OrderId!], OrderAccess.Admin));
                break;
            case "upgrade":
                await harness.WithOrdersAsync(o => o.UpgradeAsync(ids[e.OrderId!], new UpgradeOrder(e.PlanId!, e.Quantity!.Value), OrderAccess.Admin));
                break;
            case "bill":
                await harness.BillAsync();
                break;
            default:
                throw new InvalidOperationException($"Unknown op '{e.Op}'.");
        }
    }

    private static async Task<string> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var rows = await db.UsageHistory.AsNoTracking().CountAsync();
        var orders = (await db.Orders.AsNoTracking().ToListAsync()).OrderBy(o => o.OrderId)
            .Select(o => $"{o.OrderId}:{o.RowVersion}:{o.Status}:{o.PlanId}:{o.Quantity}:{o.EndTime:O}:{o.ChargedUntil:O}");
        return $"{rows}|{string.Join(",", orders)}";
    }

    private static string ErrorName(BillingError error) => char.ToLowerInvariant(error.ToString()[0]) + error.ToString()[1..];

    private static decimal? Price(string? text) => text is null ? null : decimal.Parse(text, CultureInfo.InvariantCulture);
}
