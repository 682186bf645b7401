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
        await db.SaveChangesAsync();
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
    public async Task Orders_grid_filters_sorts_and_pages_in_the_database()
    {
        await using var db = fixture.Database.NewContext();
        var all = await OrderGridQuery.PageAsync(db, new OrderFilter(), 0, 2, nameof(PurchaseOrder.Quantity), descending: true);
        Assert.Equal(3, all.TotalItems);
        Assert.Equal(["B", "C"], all.Items.Select(o => o.OrderId));

        var alice = await OrderGridQuery.PageAsync(db, new OrderFilter("alice", Status: OrderStatus.Active, Service: "vm"), 0, 10, null, true);
        Assert.Equal(["A"], alice.Items.Select(o => o.OrderId));

        var search = await OrderGridQuery.PageAsync(db, new OrderFilter("lic", ExactUser: false), 1, 1, nameof(PurchaseOrder.User), false);
        Assert.Equal((2, 1), (search.TotalItems, search.Items.Count()));
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
