using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Portal;

namespace ServiceUsage.Tests.Portal;

/// <summary>The chart and grid queries group, filter, sort and page in the database: on SQLite (ticks) and MariaDB (GROUP BY YEAR()...).</summary>
public abstract class UsageSeriesTests(DatabaseFixture fixture) : IAsyncLifetime
{
    private static readonly DateTime Day1 = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public async Task InitializeAsync()
    {
        await fixture.Database.ResetAsync();
        await using var db = fixture.Database.NewContext();
        db.Orders.AddRange(Order("A", "alice", "vm", 1, OrderStatus.Active), Order("B", "alice", "db", 3, OrderStatus.Cancelled), Order("C", "bob", "vm", 2, OrderStatus.Active));
        db.UsageHistory.AddRange(
            Row("A", "alice", "vm", Day1.AddHours(10), 1, 1.5m),
            Row("A", "alice", "vm", Day1.AddHours(11), 1, 2.5m),
            Row("A", "alice", "vm", Day1.AddDays(1).AddHours(10), 1, 1m),
            Row("B", "alice", "db", Day1.AddMonths(1).AddDays(4), 24 * 30, 30m, ChargeKind.Purchase),
            Row("C", "bob", "vm", Day1.AddHours(10), 1, 9m));
        await DailyRollups.SaveAsync(db, CancellationToken.None); // a writer of the ledger keeps the daily rollups
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<IReadOnlyList<UsagePoint>> QueryAsync(DateTime from, DateTime to, UsageGranularity g, UsageSplit split)
    {
        await using var db = fixture.Database.NewContext();
        return await new UsageSeries(db).QueryAsync("alice", from, to, g, split);
    }

    [Fact]
    public async Task Hours_and_days_sum_only_the_users_rows_in_the_range()
    {
        var hours = await QueryAsync(Day1, Day1.AddDays(2), UsageGranularity.Hour, UsageSplit.None);
        Assert.Equal([new(Day1.AddHours(10), UsageSeries.Total, 1.5m), new(Day1.AddHours(11), UsageSeries.Total, 2.5m), new(Day1.AddDays(1).AddHours(10), UsageSeries.Total, 1m)], hours);

        var days = await QueryAsync(Day1, Day1.AddDays(2), UsageGranularity.Day, UsageSplit.Order);
        Assert.Equal([new(Day1, "A", 4m), new(Day1.AddDays(1), "A", 1m)], days);
    }

    [Fact]
    public async Task Months_split_by_service()
    {
        var months = await QueryAsync(Day1, Day1.AddMonths(2), UsageGranularity.Month, UsageSplit.Service);
        Assert.Equal([new(Day1, "vm", 5m), new(Day1.AddMonths(1), "db", 30m)], months);
    }

    [Fact]
    public async Task Days_and_hours_are_the_tenants_wall_clock_ones()
    {
        await using (var db = fixture.Database.NewContext())
        {
            db.UsageHistory.Add(Row("A", "alice", "vm", Day1.AddHours(17), 1, 7m)); // 2026-03-02 01:00 in Shanghai, still March 1st in UTC
            await DailyRollups.SaveAsync(db, CancellationToken.None);
        }
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        await using var ctx = fixture.Database.NewContext();
        var days = await new UsageSeries(ctx).QueryAsync("alice", Day1.AddHours(-8), Day1.AddDays(2).AddHours(-8), UsageGranularity.Day, UsageSplit.None, shanghai);
        Assert.Equal([new(new DateTime(2026, 3, 1), UsageSeries.Total, 4m), new(new DateTime(2026, 3, 2), UsageSeries.Total, 8m)], days);
    }

    [Fact]
    public async Task Hours_across_a_daylight_saving_change_land_in_their_local_hours()
    {
        var change = new DateTime(2026, 3, 8, 7, 0, 0, DateTimeKind.Utc); // New York: 02:00 EST becomes 03:00 EDT
        await using (var db = fixture.Database.NewContext())
        {
            db.UsageHistory.AddRange(Row("A", "alice", "vm", change.AddMinutes(-30), 1, 1m), Row("A", "alice", "vm", change.AddMinutes(30), 1, 2m));
            await DailyRollups.SaveAsync(db, CancellationToken.None);
        }
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal([(change.AddDays(-1), TimeSpan.FromHours(-5)), (change, TimeSpan.FromHours(-4))],
            ServiceUsage.Domain.Time.LocalZone.Offsets(newYork, change.AddDays(-1), change.AddDays(1)));
        await using var ctx = fixture.Database.NewContext();
        var hours = await new UsageSeries(ctx).QueryAsync("alice", change.AddHours(-2), change.AddHours(2), UsageGranularity.Hour, UsageSplit.None, newYork);
        Assert.Equal([new(new DateTime(2026, 3, 8, 1, 0, 0), UsageSeries.Total, 1m), new(new DateTime(2026, 3, 8, 3, 0, 0), UsageSeries.Total, 2m)], hours);
    }

    [Fact]
    public async Task Orders_grid_filters_sorts_and_pages_in_the_database_with_each_orders_charges()
    {
        await using var db = fixture.Database.NewContext();
        var grid = new OrderGridQuery(db, new OrderQueries(db, new UsageQueries(db, TimeProvider.System), TimeProvider.System));
        var all = await grid.PageAsync(new OrderFilter(), 0, 2, nameof(PurchaseOrder.Quantity), descending: true);
        Assert.Equal(3, all.Grid.TotalItems);
        Assert.Equal(["B", "C"], all.Grid.Items.Select(o => o.OrderId));
        Assert.Equal((30m, 9m), (all.Charged["B"], all.Charged["C"]));

        var alice = await grid.PageAsync(new OrderFilter("alice", Status: OrderStatus.Active, Service: "vm"), 0, 10, null, true);
        Assert.Equal(["A"], alice.Grid.Items.Select(o => o.OrderId));
        Assert.Equal(5m, alice.Charged["A"]);

        var search = await grid.PageAsync(new OrderFilter("lic", ExactUser: false), 1, 1, nameof(PurchaseOrder.User), false);
        Assert.Equal((2, 1), (search.Grid.TotalItems, search.Grid.Items.Count()));
    }

    private static PurchaseOrder Order(string id, string user, string service, int quantity, OrderStatus status) => new()
    {
        OrderId = id, User = user, ServiceId = service, PlanId = "P" + service, Quantity = quantity, Status = status,
        Type = OrderType.Postpay, BeginTime = Day1, ChargedUntil = Day1, CreatedAt = Day1, UpdatedAt = Day1,
    };

    private static UsageRecord Row(string order, string user, string service, DateTime begin, int hours, decimal payment, ChargeKind kind = ChargeKind.Usage) => new()
    {
        OrderId = order, User = user, Kind = kind, BeginTime = begin, EndTime = begin.AddHours(hours), Payment = payment,
        OrderDetails = new ChargeSnapshot { PlanId = "P" + service, ServiceId = service, Quantity = 1, UnitPrice = payment },
    };
}

public sealed class SqliteUsageSeriesTests(SqliteDatabaseFixture f) : UsageSeriesTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbUsageSeriesTests(MariaDbDatabaseFixture f) : UsageSeriesTests(f), IClassFixture<MariaDbDatabaseFixture>;
