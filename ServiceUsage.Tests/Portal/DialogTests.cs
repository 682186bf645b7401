using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Web.Components.Shared;

namespace ServiceUsage.Tests.Portal;

public sealed class DialogTests : PortalTestContext
{
    [Fact]
    public async Task Buy_dialog_quotes_from_the_engine_and_confirm_creates_the_order()
    {
        await SeedPlansAsync();
        var plan = await CatalogEntryAsync("S");
        var dialog = await ShowAsync(new DialogParameters<BuyDialog> { { d => d.Plan, plan }, { d => d.User, "alice" } });

        DialogProvider.WaitForAssertion(() => Assert.Equal("30.0000 CNY", DialogProvider.Find("[data-testid=quote-net]").TextContent.Trim()));
        DialogProvider.FindAll("input[inputmode=numeric]")[0].Input("3");
        DialogProvider.WaitForAssertion(() => Assert.Equal("90.0000 CNY", DialogProvider.Find("[data-testid=quote-net]").TextContent.Trim()));
        await using (var before = Database.NewContext()) Assert.Equal((0, 0), (await before.Orders.CountAsync(), await before.Events.CountAsync())); // quotes are dry runs

        await DialogProvider.Find("[data-testid=buy-confirm]").ClickAsync(new());
        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        await using var db = Database.NewContext();
        var order = await db.Orders.SingleAsync();
        Assert.Equal((order.OrderId, "alice", 3, OrderType.Prepay), ((string)result.Data!, order.User, order.Quantity, order.Type));
        Assert.Equal([EventTypes.OrderCreated], await EventTypesAsync(db));
    }

    /// <summary>The portal changes orders through the Domain's OrderService, so each stored change records its one event.</summary>
    private static Task<List<string>> EventTypesAsync(ServiceUsage.Domain.Data.ServiceUsageDbContext db) =>
        db.Events.OrderBy(e => e.Key).Select(e => e.Type).ToListAsync();

    [Fact]
    public async Task Buy_dialog_shows_a_validation_message_and_no_quote_for_a_bad_quantity()
    {
        await SeedPlansAsync();
        await ShowAsync(new DialogParameters<BuyDialog> { { d => d.Plan, await CatalogEntryAsync("S") }, { d => d.User, "alice" } });
        DialogProvider.WaitForElement("[data-testid=quote-net]");
        DialogProvider.FindAll("input[inputmode=numeric]")[0].Input("0");
        DialogProvider.WaitForAssertion(() =>
        {
            Assert.Contains("Quantity must be 1 to 1000", DialogProvider.Find("[data-testid=quote-error]").TextContent);
            Assert.True(DialogProvider.Find("[data-testid=buy-confirm]").HasAttribute("disabled"));
        });
    }

    [Fact]
    public async Task Upgrade_dialog_explains_a_refused_downgrade()
    {
        await SeedPlansAsync();
        var order = (await BuyAsync("alice", OrderType.Prepay, "S", quantity: 2)).Order;
        await ShowAsync(new DialogParameters<UpgradeDialog> { { d => d.Order, order }, { d => d.Access, OrderAccess.Tenant("alice") } });
        DialogProvider.WaitForElement("[data-testid=quote-error]"); // same plan and quantity: nothing to change
        DialogProvider.FindAll("input[inputmode=numeric]")[0].Input("1");
        DialogProvider.WaitForAssertion(() =>
            Assert.Contains("downgrade is refused", DialogProvider.Find("[data-testid=quote-error]").TextContent));
    }

    [Fact]
    public async Task Upgrade_dialog_quotes_credit_and_charge_and_stores_the_upgrade()
    {
        await SeedPlansAsync();
        var order = (await BuyAsync("alice", OrderType.Prepay, "S")).Order;
        Clock.Advance(TimeSpan.FromDays(10));
        var dialog = await ShowAsync(new DialogParameters<UpgradeDialog> { { d => d.Order, order }, { d => d.Access, OrderAccess.Tenant("alice") with { ExpectedRowVersion = order.RowVersion } } });
        DialogProvider.WaitForElement("[data-testid=quote-error]");
        DialogProvider.FindAll("input[inputmode=numeric]")[0].Input("2");
        DialogProvider.WaitForAssertion(() =>
        {
            var quote = DialogProvider.Find("[data-testid=quote]").TextContent;
            Assert.Contains("upgrade credit", quote.Replace('-', ' '));
            Assert.Contains("upgrade charge", quote.Replace('-', ' '));
        });
        await DialogProvider.Find("[data-testid=upgrade-confirm]").ClickAsync(new());
        Assert.False((await dialog.Result)!.Canceled);
        await using var db = Database.NewContext();
        Assert.Equal(2, (await db.Orders.SingleAsync()).Quantity);
        Assert.Equal([EventTypes.OrderCreated, EventTypes.OrderUpgraded], await EventTypesAsync(db));
    }

    [Fact]
    public async Task Upgrade_dialog_shows_a_conflict_when_someone_else_changed_the_order()
    {
        await SeedPlansAsync();
        var order = (await BuyAsync("alice", OrderType.Postpay, "P")).Order;
        var stale = OrderAccess.Tenant("alice") with { ExpectedRowVersion = order.RowVersion - 1 };
        await ShowAsync(new DialogParameters<UpgradeDialog> { { d => d.Order, order }, { d => d.Access, stale } });
        DialogProvider.FindAll("input[inputmode=numeric]")[0].Input("2");
        DialogProvider.WaitForAssertion(() =>
            Assert.Contains("Someone else changed this", DialogProvider.Find("[data-testid=quote-error]").TextContent));
    }

    [Fact]
    public async Task Cancel_dialog_quotes_the_final_charge_and_cancels_the_order()
    {
        await SeedPlansAsync();
        var order = (await BuyAsync("alice", OrderType.Postpay, "P", quantity: 2)).Order;
        Clock.Advance(TimeSpan.FromMinutes(30));
        var dialog = await ShowAsync(new DialogParameters<CancelDialog> { { d => d.Order, order }, { d => d.Access, OrderAccess.Tenant("alice") } });
        DialogProvider.WaitForAssertion(() => Assert.Equal("1.2000 CNY", DialogProvider.Find("[data-testid=quote-net]").TextContent.Trim()));
        await DialogProvider.Find("[data-testid=cancel-confirm]").ClickAsync(new());
        Assert.False((await dialog.Result)!.Canceled);
        await using var db = Database.NewContext();
        Assert.Equal(OrderStatus.Cancelled, (await db.Orders.SingleAsync()).Status);
        Assert.Equal(1.2m, (await db.UsageHistory.SingleAsync()).Payment);
        Assert.Equal([EventTypes.OrderCreated, EventTypes.OrderCancelled], await EventTypesAsync(db));
    }
}
