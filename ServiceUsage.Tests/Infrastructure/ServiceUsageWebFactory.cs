using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Tests.Infrastructure;

/// <summary>
/// The real host over a private test database (MariaDB unless told otherwise) and a fake clock.
/// Extra configuration (environment-variable style keys) goes in <see cref="Settings"/> before the first use.
/// </summary>
public class ServiceUsageWebFactory(TestDatabase database) : WebApplicationFactory<Program>
{
    public TestDatabase Database => database;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));

    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Services a test adds or replaces, after the host's own (before the first use).</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    /// <summary>Every log line of the host (at Information and above, EF Core included), for tests that look at logs.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>One run of a billing job as the Hangfire job makes it: under the job's lock, with its run record.</summary>
    public async Task<BillingRun?> RunBillingAsync(string job = BillingJobs.PostpayBilling, CancellationToken ct = default)
    {
        await using var scope = Services.CreateAsyncScope();
        var charging = scope.ServiceProvider.GetRequiredService<ChargingService>();
        return await scope.ServiceProvider.GetRequiredService<BillingRunner>().RunAsync(job, (run, token) => job == BillingJobs.PostpayBilling
            ? charging.ChargePostpayAsync(run.AsOf, run.Progress, token)
            : charging.RunPrepayLifecycleAsync(run.AsOf, run.Progress, token), ct);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var s = database.Settings;
        builder.UseSetting("Database:Provider", s.Provider.ToString());
        builder.UseSetting($"ConnectionStrings:{DatabaseSettings.ConnectionStringName}", s.ConnectionString);
        if (s.ServerVersion is not null) builder.UseSetting("Database:ServerVersion", s.ServerVersion);
        builder.UseSetting("Demo:Seed", "false");
        // No job server unless a test asks for one: scheduled runs must not move a test's ledger behind its back.
        builder.UseSetting("Jobs:RunServer", "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            // Sign-in cookies (and the OAuth flow's correlation cookie) live in real time: the HTTP client would drop a
            // cookie that expires in the fake past.
            services.PostConfigureAll<CookieAuthenticationOptions>(o => o.TimeProvider = TimeProvider.System);
            services.PostConfigureAll<Microsoft.AspNetCore.Authentication.OAuth.OAuthOptions>(o => o.TimeProvider = TimeProvider.System);
            services.PostConfigure<Microsoft.AspNetCore.Identity.SecurityStampValidatorOptions>(o => o.TimeProvider = TimeProvider.System);
            TestServices?.Invoke(services);
        });
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<CapturedLogs>(null, LogLevel.Information);
        });
    }
}
