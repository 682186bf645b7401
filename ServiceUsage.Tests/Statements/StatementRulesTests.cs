using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Tests.Domain;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Statements;

/// <summary>BILLING.md "Statements": lines, charged and consumed, closing, numbering, late rows, immutability.</summary>
public abstract class StatementRulesTests(DatabaseFixture fixture) : BillingRulesTestBase(fixture)
{
    [Fact]
    public async Task Worked_example_7_January_is_charged_the_purchase_and_February_only_consumes()
    {
        await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 2, months: 3);
        await BillAsync("2026-03-01T01:00:00Z");

        var result = await Billing.CloseStatementsAsync();

        Assert.Equal(2, result.StatementsClosed);
        var (january, february) = (await StatementAsync("SU-202601-1"), await StatementAsync("SU-202602-2"));
        Assert.Equal(("2026-01", "180.0000", "1.1798"), (january.Month, Money.Format(january.Charged), Money.Format(january.Consumed)));
        var line = Assert.Single(january.Lines);
        Assert.Equal((ChargeKind.Purchase, "S", 2, 180.0000m, StatementSection.Month), (line.Kind, line.PlanId, line.Quantity, line.Amount, line.Section));
        Assert.Equal(("2026-02", "0.0000", "56.6292"), (february.Month, Money.Format(february.Charged), Money.Format(february.Consumed)));
        Assert.Empty(february.Lines);
        // consumed is amount(user, M) exactly.
        Assert.Equal(january.Consumed, (await AmountAsync("2026-03-01T01:00:00Z", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")).Total);
    }

    [Fact]
    public async Task A_month_closes_only_once_its_postpay_hours_are_charged_and_its_renewals_done()
    {
        await BuyAsync("2026-01-05T00:00:00Z", OrderType.Prepay, "S", 1, autoRenew: true, user: "bob");
        await BuyAsync("2026-01-20T00:00:00Z", OrderType.Postpay, "P", 1);
        Billing.SetNow(Utc("2026-02-01T02:00:00Z"));

        await Billing.CloseStatementsAsync();
        Assert.Equal(["bob"], (await ClosedAsync()).Select(s => s.User)); // bob's renewal falls due in February
        await Billing.BillAsync(Utc("2026-01-31T23:00:00Z")); // one hour of January still uncharged
        await Billing.CloseStatementsAsync();
        Assert.Equal(["bob"], (await ClosedAsync()).Select(s => s.User));

        await Billing.BillAsync();
        await Billing.CloseStatementsAsync();

        var alice = (await ClosedAsync()).Single(s => s.User == "alice");
        var usage = Assert.Single(alice.Lines);
        Assert.Equal((ChargeKind.Usage, 288m, 288, 345.6m), (usage.Kind, usage.Hours, usage.RowCount, usage.Amount));
        Assert.Equal((Utc("2026-01-20T00:00:00Z"), Utc("2026-02-01T00:00:00Z")), (usage.BeginTime, usage.EndTime));
        Assert.Equal((345.6m, 345.6m), (alice.Charged, alice.Consumed));

        // March 1st: postpay charged, but bob's renewal of February 5th not run yet.
        Billing.SetNow(Utc("2026-03-01T02:00:00Z"));
        await Billing.Charging().ChargePostpayAsync(Utc("2026-03-01T02:00:00Z"));
        await Billing.CloseStatementsAsync();
        Assert.Equal(["bob 2026-01", "alice 2026-01", "alice 2026-02"], (await ClosedAsync()).Select(s => $"{s.User} {s.Month}"));
        await Billing.BillAsync();
        await Billing.CloseStatementsAsync();
        Assert.Equal("bob 2026-02", (await ClosedAsync()).Select(s => $"{s.User} {s.Month}").Last());
    }

    [Fact]
    public async Task A_month_does_not_close_before_its_end_and_the_grace_hour()
    {
        await BuyAsync("2026-01-10T00:00:00Z", OrderType.Prepay, "S", 1);
        Assert.Equal(0, (await Billing.CloseStatementsAsync(Utc("2026-02-01T00:59:59Z"))).StatementsClosed);
        Assert.Equal(1, (await Billing.CloseStatementsAsync(Utc("2026-02-01T01:00:00Z"))).StatementsClosed);
    }

    [Fact]
    public async Task Closing_again_changes_nothing_and_numbers_are_gapless_in_closing_order()
    {
        foreach (var user in new[] { "carol", "alice", "bob" }) await BuyAsync("2026-01-10T00:00:00Z", OrderType.Prepay, "S", 1, months: 2, user: user);
        await Billing.CloseStatementsAsync(Utc("2026-02-02T00:00:00Z"));
        var first = await ClosedAsync();

        var again = await Billing.CloseStatementsAsync(Utc("2026-02-02T00:00:00Z"));
        Assert.Equal(0, again.StatementsClosed);
        Assert.Equal(first.Select(s => (s.Number, s.ContentHash)), (await ClosedAsync()).Select(s => (s.Number, s.ContentHash)));

        await Billing.CloseStatementsAsync(Utc("2026-03-02T00:00:00Z"));
        Assert.Equal(["SU-202601-1 alice", "SU-202601-2 bob", "SU-202601-3 carol", "SU-202602-4 alice", "SU-202602-5 bob", "SU-202602-6 carol"],
            (await ClosedAsync()).Select(s => $"{s.Number} {s.User}"));
    }

    [Fact]
    public async Task Two_closers_at_once_give_each_month_one_statement_and_no_gap()
    {
        for (var i = 0; i < 12; i++) await BuyAsync("2026-01-10T00:00:00Z", OrderType.Prepay, "S", 1, months: 3, user: $"t{i:D2}");
        Billing.Options.BatchSize = 5;
        Billing.SetNow(Utc("2026-04-02T00:00:00Z"));

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Billing.CloseStatementsAsync())));

        var closed = await ClosedAsync();
        Assert.Equal(36, closed.Count);
        Assert.Equal(Enumerable.Range(1, 36).Select(n => (long)n), closed.Select(s => s.Sequence));
        Assert.Equal(36, closed.Select(s => (s.User, s.Month)).Distinct().Count());
    }

    [Fact]
    public async Task A_rerun_from_inside_a_closed_month_puts_the_new_rows_in_the_next_statements_adjustments_once()
    {
        var order = await BuyAsync("2026-01-20T00:00:00Z", OrderType.Postpay, "P", 1);
        await BillAsync("2026-02-01T02:00:00Z");
        await using (var db = Billing.Database.NewContext()) // three hours lost (say, a partial restore) before January closed
            await DailyRollups.DeleteAsync(db, db.UsageHistory.Where(u => u.BeginTime >= Utc("2026-01-25T10:00:00Z") && u.BeginTime < Utc("2026-01-25T13:00:00Z")), CancellationToken.None);
        await Billing.CloseStatementsAsync();

        var report = await RerunFromAsync("2026-01-25T00:00:00Z", "2026-02-10T00:00:00Z");
        await BillAsync("2026-03-01T02:00:00Z");
        await Billing.CloseStatementsAsync();
        await RerunFromAsync("2026-01-25T00:00:00Z", "2026-03-01T03:00:00Z");
        await BillAsync("2026-04-01T02:00:00Z");
        await Billing.CloseStatementsAsync();

        Assert.Equal(3, report.RowsAdded);
        var closed = await ClosedAsync();
        Assert.Equal(["2026-01", "2026-02", "2026-03"], closed.Select(s => s.Month));
        Assert.Equal(342.0m, closed[0].Charged);
        var adjustments = closed[1].Adjustments.ToList();
        Assert.Equal(3, adjustments.Count);
        Assert.All(adjustments, a => Assert.Equal(("2026-01", ChargeKind.Usage, 1.2m, order.OrderId), (a.Month, a.Kind, a.Amount, a.OrderId)));
        Assert.Equal(Utc("2026-01-25T10:00:00Z"), adjustments[0].BeginTime);
        Assert.Equal(672 * 1.2m + 3.6m, closed[1].Charged);
        Assert.Empty(closed[2].Adjustments);
        await AssertEveryRowOnExactlyOneStatementAsync();
    }

    [Fact]
    public async Task The_lines_of_every_statement_sum_to_the_rows_it_names_and_its_hash_holds()
    {
        var postpay = await BuyAsync("2026-01-03T10:17:23Z", OrderType.Postpay, "Q", 3);
        var prepay = await BuyAsync("2026-01-31T10:00:00Z", OrderType.Prepay, "S", 2, autoRenew: true);
        await BillAsync("2026-03-02T11:45:00Z");
        await UpgradeAsync("2026-03-02T12:10:00Z", postpay, "Q", 1);
        await UpgradeAsync("2026-03-10T00:00:00Z", prepay, "L", 2);
        await CancelAsync("2026-04-03T05:00:00Z", postpay);
        await BillAsync("2026-05-01T02:00:00Z");

        await Billing.CloseStatementsAsync();

        var closed = await ClosedAsync();
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04"], closed.Select(s => s.Month));
        var march = closed[2];
        Assert.Contains(march.Lines, l => l.Kind == ChargeKind.UpgradeCredit);
        // Q × 3 at 1.00 until the version of 11:30 on March 2, then at 0.70; then Q × 1: one line for each.
        Assert.Equal([(3, 1.00m), (3, 0.70m), (1, 0.70m)],
            march.Lines.Where(l => l.Kind == ChargeKind.Usage && l.OrderId == postpay.OrderId).Select(l => (l.Quantity, l.UnitPrice)));
        Assert.All(closed, s => Assert.True(StatementHash.Verify(s), $"{s.Number}: hash"));
        await AssertEveryRowOnExactlyOneStatementAsync();
    }

    [Fact]
    public async Task A_closed_statement_is_never_changed_or_deleted()
    {
        await BuyAsync("2026-01-10T00:00:00Z", OrderType.Prepay, "S", 1);
        await Billing.CloseStatementsAsync(Utc("2026-02-02T00:00:00Z"));

        await using var db = Billing.Database.NewContext();
        var statement = await db.Statements.Include(s => s.Lines).SingleAsync();
        statement.Charged = 0m;
        await Assert.ThrowsAsync<ClosedStatementException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.StatementLines.Remove(await db.StatementLines.FirstAsync());
        await Assert.ThrowsAsync<ClosedStatementException>(() => db.SaveChangesAsync());
        await Assert.ThrowsAsync<ClosedStatementException>(() => db.Statements.ExecuteUpdateAsync(s => s.SetProperty(x => x.Consumed, 1m)));
        await Assert.ThrowsAsync<ClosedStatementException>(() => db.StatementLines.ExecuteUpdateAsync(s => s.SetProperty(x => x.Amount, 1m)));

        await using var fresh = Billing.Database.NewContext();
        var stored = await fresh.Statements.AsNoTracking().Include(s => s.Lines).SingleAsync();
        Assert.Equal((30m, 1), (stored.Charged, stored.Lines.Count));
        Assert.True(StatementHash.Verify(stored));
    }

    [Fact]
    public async Task Months_follow_the_statement_time_zone_Asia_Shanghai()
    {
        Billing.Options.StatementTimeZone = "Asia/Shanghai";
        // 2026-01-31T17:00Z is February 1st, 01:00 in Shanghai.
        await BuyAsync("2026-01-31T15:00:00Z", OrderType.Postpay, "P", 1);
        await CancelAsync("2026-01-31T18:00:00Z", await ReloadLastAsync());

        await Billing.CloseStatementsAsync(Utc("2026-02-28T17:00:00Z"));

        var closed = await ClosedAsync();
        Assert.Equal(["SU-202601-1", "SU-202602-2"], closed.Select(s => s.Number));
        Assert.Equal((Utc("2025-12-31T16:00:00Z"), Utc("2026-01-31T16:00:00Z")), (closed[0].PeriodBegin, closed[0].PeriodEnd));
        Assert.Equal((1, 1.2m), (closed[0].Lines.Single().RowCount, closed[0].Charged)); // [15:00, 16:00)
        Assert.Equal((2, 2.4m), (closed[1].Lines.Single().RowCount, closed[1].Charged)); // [16:00, 18:00)
    }

    [Fact]
    public async Task The_month_to_date_is_live_not_final_and_shows_uncharged_time_as_consumed()
    {
        await BuyAsync("2026-01-10T00:00:00Z", OrderType.Prepay, "S", 1);
        await BuyAsync("2026-02-01T00:00:00Z", OrderType.Postpay, "P", 1);
        await BillAsync("2026-02-01T05:00:00Z");
        await Billing.CloseStatementsAsync(Utc("2026-02-01T05:30:00Z"));
        Billing.SetNow(Utc("2026-02-01T07:30:00Z"));

        var list = await Billing.WithStatementsAsync(q => q.ListAsync("alice", null, null));

        Assert.Equal([(null, "2026-02"), ("SU-202601-1", "2026-01")], list.Select(s => (s.Number, s.Month)));
        // Charged: 5 hours. Consumed: 7.5 hours, and 9 of the 31 days S paid for (30 × 9 / 31).
        Assert.Equal((6.0m, 17.7097m), (list[0].Charged, list[0].Consumed));
    }

    private async Task<Statement> StatementAsync(string number) =>
        await Billing.WithStatementsAsync(q => q.GetAsync(number, null)) ?? throw new Xunit.Sdk.XunitException($"{number} was not closed");

    private async Task<List<Statement>> ClosedAsync()
    {
        await using var db = Billing.Database.NewContext();
        var all = await db.Statements.AsNoTracking().Include(s => s.Lines).OrderBy(s => s.Sequence).ToListAsync();
        foreach (var s in all) s.Lines = s.Lines.OrderBy(l => l.Position).ToList();
        return all;
    }

    private async Task<ServiceUsage.Domain.Orders.PurchaseOrder> ReloadLastAsync()
    {
        await using var db = Billing.Database.NewContext();
        return await db.Orders.AsNoTracking().OrderByDescending(o => o.CreatedAt).FirstAsync();
    }

    private async Task<RepairReport> RerunFromAsync(string from, string now)
    {
        Billing.SetNow(Utc(now));
        return await Billing.Repair().RerunFromAsync(Utc(from));
    }

    /// <summary>Each row is on exactly one closed statement (or, in a month not closed yet, on none), and sums match.</summary>
    protected async Task AssertEveryRowOnExactlyOneStatementAsync() =>
        await StatementInvariants.AssertAsync(Billing.Database);
}

public sealed class SqliteStatementRulesTests(SqliteDatabaseFixture f) : StatementRulesTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbStatementRulesTests(MariaDbDatabaseFixture f) : StatementRulesTests(f), IClassFixture<MariaDbDatabaseFixture>;
