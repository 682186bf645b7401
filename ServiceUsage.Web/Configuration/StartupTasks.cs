using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Web.Auth;

namespace ServiceUsage.Web.Configuration;

public static partial class StartupTasks
{
    /// <summary>Schema first (migrate or check), then roles, then the demo data when <c>Demo:Seed</c> is on (default in Development).</summary>
    public static async Task InitializeServiceUsageAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var demo = sp.GetRequiredService<DemoUsers>();
        await demo.EnsureRolesAsync();

        var seed = app.Configuration["Demo:Seed"] is { Length: > 0 } flag
            ? DatabaseSettings.ParseFlag(flag, "Demo__Seed")
            : app.Environment.IsDevelopment() && sp.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Sqlite;
        if (!seed) return;

        await demo.SeedAsync();
        var seeded = await DemoData.SeedAsync(
            sp.GetRequiredService<IDbContextFactory<ServiceUsageDbContext>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<BillingOptions>>().Value);
        if (seeded) LogSeeded(app.Logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo plans, orders and charges seeded (users alice, bob, admin)")]
    private static partial void LogSeeded(ILogger logger);
}
