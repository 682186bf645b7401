using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Auth;
using ServiceUsage.Web.Portal;

namespace ServiceUsage.Tests.Portal;

/// <summary>
/// bUnit base for portal components: MudBlazor services (async-disposable, hence IAsyncLifetime), loose JS interop,
/// the popover and dialog providers rendered, the real domain services over a private SQLite database (or MariaDB),
/// a fake clock and a signed-in tenant ("alice" unless a class says otherwise).
/// </summary>
public abstract class PortalTestContext : BunitContext, IAsyncLifetime
{
    public static readonly DateTime Start = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(Start));

    protected TestDatabase Database { get; private set; } = null!;

    protected IRenderedComponent<MudDialogProvider> DialogProvider { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Provider);
        JSInterop.Mode = JSRuntimeMode.Loose;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider.ToString(),
            ["Database:ServerVersion"] = Database.Settings.ServerVersion,
            [$"ConnectionStrings:{DatabaseSettings.ConnectionStringName}"] = Database.Settings.ConnectionString,
        }).Build();
        Services.AddSingleton<IConfiguration>(config);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddServiceUsageDomain(config, AppContext.BaseDirectory);
        Services.AddMudServices();
        Services.AddSingleton<PortalOperations>();
        Services.AddScoped<TenantTimeZone>();
        Services.AddScoped<OrderGridQuery>();
        Services.AddScoped<ChargeGridQuery>();
        Services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        Services.AddSingleton<UiText>();
        AddServices(Services);
        Auth = AddAuthorization();
        Auth.SetAuthorized("alice");
        Auth.SetRoles(Roles.Tenant);
        // Pages render as they do in the circuit (PortalPage treats a prerender differently); after every service is added.
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
        DialogProvider = Render<MudDialogProvider>();
    }

    /// <summary>The database the domain services use: SQLite in memory unless a test class needs MariaDB's behaviour.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>Who the pages render for: tenant "alice" unless a test signs in someone else before rendering.</summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext Auth { get; private set; } = null!;

    /// <summary>Services a test class needs beyond the domain's; added before the first render.</summary>
    protected virtual void AddServices(IServiceCollection services)
    {
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Prepay plan S (30/month) and its smaller sibling S1 (10/month), postpay plan P (1.2/h), all for service "vm".</summary>
    protected async Task SeedPlansAsync()
    {
        await using var db = Database.NewContext();
        db.PlanVersions.AddRange(
            BillingHarness.Version("S", Start.AddYears(-1), "vm", 30m, null),
            BillingHarness.Version("S1", Start.AddYears(-1), "vm", 10m, null),
            BillingHarness.Version("P", Start.AddYears(-1), "vm", null, 1.2m),
            BillingHarness.Version("P", Start.AddDays(7), "vm", null, 1.5m));
        await db.SaveChangesAsync();
    }

    protected async Task<OrderChange> BuyAsync(string user, OrderType type, string plan, int quantity = 1)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderService>().CreateAsync(new CreateOrder(user, type, plan, quantity));
    }

    protected async Task<CatalogEntry> CatalogEntryAsync(string planId)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<PlanService>().CatalogAsync()).Single(e => e.Current.PlanId == planId);
    }

    /// <summary>Opens a dialog through the real dialog service, as a page would.</summary>
    protected async Task<IDialogReference> ShowAsync<TDialog>(DialogParameters<TDialog> parameters) where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await DialogProvider.InvokeAsync(async () => reference = await dialogs.ShowAsync<TDialog>("test", parameters));
        return reference!;
    }
}
