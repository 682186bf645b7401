using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Web.Components.Shared;

namespace ServiceUsage.Tests.Portal;

/// <summary>The admin's "re-run billing from T" control: fills a lost hour, never duplicates, refuses the future.</summary>
public sealed class RerunFromFormTests : PortalTestContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedPlansAsync();
    }

    [Fact]
    public async Task Rerun_from_a_time_adds_only_the_missing_hour_and_reports_it()
    {
        var order = (await BuyAsync("alice", OrderType.Postpay, "P")).Order;
        Clock.SetUtcNow(Start.AddHours(5));
        await using (var scope = Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ChargingService>().BillAsync();
        await using (var db = Database.NewContext())
        {
            Assert.Equal(5, await db.UsageHistory.CountAsync(u => u.OrderId == order.OrderId));
            await DailyRollups.DeleteAsync(db, db.UsageHistory.Where(u => u.OrderId == order.OrderId && u.BeginTime == Start.AddHours(2)), CancellationToken.None);
        }

        var cut = Render<RerunFromForm>(p => p.Add(f => f.DefaultFrom, Start));
        await cut.Find("[data-testid=rerun]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("added 1 missing rows", cut.Find("[data-testid=rerun-report]").TextContent));
        await using var after = Database.NewContext();
        var rows = await after.UsageHistory.Where(u => u.OrderId == order.OrderId).OrderBy(u => u.BeginTime).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 5).Select(h => Start.AddHours(h)), rows.Select(r => r.BeginTime));
        Assert.All(rows, r => Assert.Equal(1.2m, r.Payment));
    }

    [Fact]
    public async Task A_time_in_the_future_is_refused_with_a_message_and_changes_nothing()
    {
        await BuyAsync("alice", OrderType.Postpay, "P");
        var cut = Render<RerunFromForm>(p => p.Add(f => f.DefaultFrom, Start.AddDays(2)));
        await cut.Find("[data-testid=rerun]").ClickAsync(new());

        Assert.Contains("in the future", cut.Find("[data-testid=rerun-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=rerun-report]"));
        await using var db = Database.NewContext();
        Assert.Equal(0, await db.UsageHistory.CountAsync());
    }
}
