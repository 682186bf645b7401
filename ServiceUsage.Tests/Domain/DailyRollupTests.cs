using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Domain;

/// <summary>
/// The daily rollups (ADR 0014) against the ledger they sum: a ledger with every kind of row (postpay hours, a mid-hour
/// price change, upgrades, prorata refunds, renewals, one-day credits and refunds), then amount through the rollups
/// against amount summed over every row, for random windows; the backfill and the check.
/// </summary>
public abstract class DailyRollupTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    private const int Windows = 10_000;
    private static readonly DateTime From = Utc("2026-02-27T00:00:00Z");
    private static readonly DateTime To = Utc("2026-04-08T00:00:00Z");

    [Fact]
    public async Task Amount_through_the_rollups_equals_amount_over_every_row_for_random_windows()
    {
        var orders = await BuildLedgerAsync();
        await Billing.AssertRollupsMatchLedgerAsync("after the scenario");
        List<UsageRecord> rows;
        await using (var db = Billing.Database.NewContext()) rows = await db.UsageHistory.AsNoTracking().ToListAsync();
        Assert.Contains(rows, r => r.Kind != ChargeKind.Usage && DailyRollups.InOneDay(r.BeginTime, r.EndTime)); // a one-day refund and credit
        Assert.Contains(rows, r => !DailyRollups.InOneDay(r.BeginTime, r.EndTime));

        var random = new Random(14);
        var mismatches = new List<string>();
        await Billing.WithQueriesAsync(async queries =>
        {
            for (var i = 0; i < Windows; i++)
            {
                var (a, b) = (Instant(random), Instant(random));
                var (start, end) = a <= b ? (a, b) : (b, a);
                var order = random.Next(5) == 0 ? orders[random.Next(orders.Count)] : null;
                var user = order?.User ?? (random.Next(4) == 0 ? "bob" : "alice");
                var expected = Money.Round(rows.Where(r => r.User == user && (order is null || r.OrderId == order.OrderId))
                    .Sum(r => Proration.Share(r, start, end)));
                var actual = (await queries.AmountAsync(user, order?.OrderId, start, end)).Amount;
                if (actual != expected) mismatches.Add($"amount({user}, {order?.OrderId}, {start:O}, {end:O}) = {actual}, over the rows {expected}");
            }
            return 0;
        });
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {Windows} windows differ: {string.Join("; ", mismatches.Take(5))}");
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Asia/Shanghai")]
    [InlineData("Asia/Kolkata")]
    [InlineData("America/New_York")]
    public async Task Daily_and_monthly_series_through_the_rollups_equal_the_rows_bucketed_by_their_begin(string zoneId)
    {
        await BuildLedgerAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        List<(UsageRecord Row, string ServiceId)> rows;
        await using (var db = Billing.Database.NewContext())
            rows = (await db.UsageHistory.AsNoTracking().Where(u => u.User == "alice").Join(db.Orders, u => u.OrderId, o => o.OrderId, (u, o) => new { u, o.ServiceId }).ToListAsync())
                .Select(x => (x.u, x.ServiceId)).ToList();
        var (from, to) = (Utc("2026-02-27T13:30:00Z"), Utc("2026-04-06T00:00:00Z"));
        foreach (var granularity in new[] { UsageGranularity.Day, UsageGranularity.Month })
            foreach (var split in new[] { UsageSplit.None, UsageSplit.Order, UsageSplit.Service })
            {
                var expected = rows.Where(r => r.Row.BeginTime >= from && r.Row.BeginTime < to)
                    .GroupBy(r => (UsageSeries.Floor(ServiceUsage.Domain.Time.LocalZone.ToLocal(r.Row.BeginTime, zone), granularity),
                        split switch { UsageSplit.Order => r.Row.OrderId, UsageSplit.Service => r.ServiceId, _ => UsageSeries.Total }))
                    .Select(g => $"{g.Key.Item1:yyyy-MM-dd HH:mm} {g.Key.Item2} {g.Sum(r => r.Row.Payment):0.0000}").Order(StringComparer.Ordinal).ToList();
                var actual = (await Billing.WithSeriesAsync(s => s.QueryAsync("alice", from, to, granularity, split, zone)))
                    .Select(p => $"{p.Bucket:yyyy-MM-dd HH:mm} {p.Series} {p.Amount:0.0000}").Order(StringComparer.Ordinal).ToList();
                Assert.True(expected.SequenceEqual(actual), $"{zoneId} {granularity} {split}: expected\n{string.Join("\n", expected)}\ngot\n{string.Join("\n", actual)}");
            }
    }

    [Fact]
    public async Task The_backfill_rebuilds_emptied_rollups_and_the_check_names_a_day_that_differs()
    {
        await BuildLedgerAsync();
        await using (var db = Billing.Database.NewContext())
        {
            await db.DailyUsage.ExecuteDeleteAsync();
            await db.DailyUserUsage.ExecuteDeleteAsync();
        }
        var missing = await Billing.Rollups().CheckAsync(limit: 1000);
        Assert.Contains(missing, d => d.OrderId is not null && d.RollupRows == 0 && d.LedgerRows > 0);

        var run = await Billing.Rollups().BackfillAsync();
        Assert.Equal(BillingRunOutcome.Succeeded, run!.Outcome);
        await Billing.AssertRollupsMatchLedgerAsync("after the backfill");

        // A ledger row changed behind the rollups' back (by hand, a partial restore): the check names its day, and a
        // backfill puts the rollups right again.
        UsageRecord changed;
        await using (var db = Billing.Database.NewContext())
        {
            changed = await db.UsageHistory.Where(u => u.Kind == ChargeKind.Usage).OrderBy(u => u.UsageId).FirstAsync();
            await db.UsageHistory.Where(u => u.UsageId == changed.UsageId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Payment, u => u.Payment + 0.0001m));
        }
        var day = DailyRollups.DayOf(changed.BeginTime);
        var differences = await Billing.Rollups().CheckAsync();
        Assert.Equal((changed.OrderId, day), Assert.Single(differences, d => d.LedgerPayment == d.RollupPayment + 0.0001m) is var d ? (d.OrderId, d.Day) : default);
        await Billing.Rollups().BackfillAsync();
        await Billing.AssertRollupsMatchLedgerAsync("after the second backfill");

        // A user's total that differs from the days of its orders is named too.
        await using (var db = Billing.Database.NewContext())
            await db.DailyUserUsage.Where(u => u.User == changed.User && u.Day == day).ExecuteUpdateAsync(s => s.SetProperty(u => u.Rows, u => u.Rows + 1));
        Assert.Contains(await Billing.Rollups().CheckAsync(), d => d.OrderId is null && d.User == changed.User && d.Day == day && d.RollupRows == d.LedgerRows + 1);
    }

    [Fact]
    public async Task Deleted_rows_leave_the_rollups_with_them()
    {
        var orders = await BuildLedgerAsync();
        await using (var db = Billing.Database.NewContext())
            await DailyRollups.DeleteAsync(db, db.UsageHistory.Where(u => u.OrderId == orders[0].OrderId && u.Kind == ChargeKind.Usage), CancellationToken.None);
        await Billing.AssertRollupsMatchLedgerAsync("after deleting an order's usage rows");
        await using (var check = Billing.Database.NewContext())
            Assert.False(await check.DailyUsage.AnyAsync(d => d.OrderId == orders[0].OrderId));
    }

    [Fact]
    public async Task A_billing_batch_adds_its_day_sums_exactly_for_any_user_name()
    {
        // The batch writes the rollups from values (no read of its rows): names that would end or escape a quoted SQL
        // string, non-ASCII and near-duplicates must land on their own rows, byte for byte.
        string[] users = ["o'brien", "back\\slash", "quote\"d", "álice", "Alice", "用户", "semi;colon -- x", "percent%_"];
        var orders = new List<PurchaseOrder>();
        foreach (var user in users) orders.Add(await BuyAsync("2026-03-01T10:30:00Z", OrderType.Postpay, "P", 1, user: user));
        await BillAsync("2026-03-03T02:00:00Z"); // each order's rows over three UTC days
        await Billing.AssertRollupsMatchLedgerAsync("after billing orders of unusual user names");
        await using var db = Billing.Database.NewContext();
        var ledger = await db.UsageHistory.AsNoTracking().Where(u => u.Kind == ChargeKind.Usage).ToListAsync();
        foreach (var user in users)
        {
            var expected = ledger.Where(r => r.User == user).GroupBy(r => DailyRollups.DayOf(r.BeginTime))
                .ToDictionary(g => g.Key, g => (g.Sum(r => r.Payment), g.Count()));
            var actual = (await db.DailyUserUsage.AsNoTracking().Where(d => d.User == user).ToListAsync())
                .ToDictionary(d => d.Day, d => (d.Payment, d.Rows));
            Assert.Equal(3, expected.Count);
            Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
        }
    }

    [Fact]
    public void Day_totals_sum_the_rows_inside_one_day_per_order_and_day()
    {
        var totals = new DayTotals();
        UsageRecord Row(string order, string begin, string end, decimal pay) => new()
        {
            OrderId = order, User = "alice", Kind = ChargeKind.Usage, BeginTime = Utc(begin), EndTime = Utc(end), Payment = pay,
            OrderDetails = null!, // not read by the day sums
        };
        totals.Add(Row("a", "2026-03-01T22:00:00Z", "2026-03-01T23:00:00Z", 1.0001m));
        totals.Add(Row("a", "2026-03-01T23:00:00Z", "2026-03-02T00:00:00Z", 2.0002m)); // ends at midnight: still the 1st
        totals.Add(Row("a", "2026-03-02T00:00:00Z", "2026-03-02T01:00:00Z", 3.0003m));
        totals.Add(Row("b", "2026-03-01T23:00:00Z", "2026-03-02T00:00:00Z", 4m));
        totals.Add(Row("a", "2026-03-01T05:00:00Z", "2026-03-01T06:00:00Z", 5m)); // an earlier day of a, out of order
        totals.Add(Row("a", "2026-03-01T12:00:00Z", "2026-04-01T12:00:00Z", 99m)); // longer than a day: in no rollup
        Assert.Equal(
            [
                new DayTotal("alice", "a", Utc("2026-03-01T00:00:00Z"), 8.0003m, 3),
                new DayTotal("alice", "a", Utc("2026-03-02T00:00:00Z"), 3.0003m, 1),
                new DayTotal("alice", "b", Utc("2026-03-01T00:00:00Z"), 4m, 1),
            ],
            totals.ToList().OrderBy(d => d.OrderId).ThenBy(d => d.Day));
    }

    /// <summary>Midnights, whole hours and arbitrary microseconds, over a span a little wider than the ledger.</summary>
    private static DateTime Instant(Random random)
    {
        var t = From.AddTicks((long)(random.NextDouble() * (To - From).Ticks));
        return random.Next(4) switch
        {
            0 => DailyRollups.DayOf(t),
            1 => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc),
            _ => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc),
        };
    }

    /// <summary>Every kind of row, some of them inside one day and some crossing many, for alice; a postpay order for bob.</summary>
    private async Task<List<PurchaseOrder>> BuildLedgerAsync()
    {
        Billing.Options.PrepayCancelRefund = RefundPolicy.Prorata;
        var fourth = await BuyAsync("2026-02-02T13:00:00Z", OrderType.Prepay, "L", 1);
        var bob = await BuyAsync("2026-03-01T00:00:00Z", OrderType.Postpay, "P", 1, user: "bob");
        var third = await BuyAsync("2026-03-01T08:05:00Z", OrderType.Prepay, "S", 1, autoRenew: true);
        var first = await BuyAsync("2026-03-01T10:17:23Z", OrderType.Postpay, "P", 2);
        var second = await BuyAsync("2026-03-01T22:40:00Z", OrderType.Postpay, "Q", 1);
        await UpgradeAsync("2026-03-02T05:00:00Z", fourth, "L", 2); // credit and charge over [05:00, 13:00): one day
        await BillAsync("2026-03-03T00:00:00Z");
        await UpgradeAsync("2026-03-03T07:45:10.123456Z", first, "Q", 3);
        await CancelAsync("2026-03-04T03:33:00Z", second);
        var fifth = await BuyAsync("2026-03-04T09:00:00Z", OrderType.Prepay, "S", 2, months: 2);
        await CancelAsync("2026-03-04T20:00:00Z", fifth);
        var sixth = await BuyAsync("2026-03-05T12:00:00Z", OrderType.Prepay, "S", 1);
        await BillAsync("2026-04-04T00:00:00Z");
        await CancelAsync("2026-04-05T02:00:00Z", sixth); // refund over [02:00, 12:00): one day
        await BillAsync("2026-04-05T06:00:00Z");
        return [first, second, third, fourth, fifth, sixth, bob];
    }
}

public sealed class SqliteDailyRollupTests(SqliteDatabaseFixture f) : DailyRollupTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbDailyRollupTests(MariaDbDatabaseFixture f) : DailyRollupTests(f), IClassFixture<MariaDbDatabaseFixture>;
