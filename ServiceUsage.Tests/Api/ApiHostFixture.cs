using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain.Auth;
using ServiceUsage.Domain.Time;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Api;

/// <summary>
/// The real host over a private MariaDB database, with an admin token, a fake DataFoundry and plans:
/// S (prepay 30/month) and L (prepay 90/month) and P (postpay 1.2/h) of mysql, V (postpay 0.5/h, volume),
/// X (mysql, off sale). Tests own their data by using fresh user names.
/// </summary>
public sealed class ApiHostFixture : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token-0123456789abcdef0123456789";

    public ServiceUsageWebFactory Host { get; private set; } = null!;
    public FakeDataFoundry DataFoundry { get; private set; } = null!;

    /// <summary>Host names the webhook tests make point anywhere.</summary>
    public Webhooks.FakeWebhookDns Dns { get; } = new();
    public DateTime Start { get; private set; }

    public async Task InitializeAsync()
    {
        DataFoundry = await FakeDataFoundry.StartAsync();
        var database = await MariaDbTestDatabase.CreateAsync();
        Host = new ServiceUsageWebFactory(database);
        Host.Settings["SERVICEUSAGE_ADMIN_TOKEN"] = AdminToken;
        Host.Settings["DATAFOUNDRY_HOST_ADDR"] = DataFoundry.Address.ToString();
        Host.Settings["SERVICEUSAGE_ADMIN_USERS"] = "df-root, df-ops";
        // Admins' endpoints may use the loopback receivers of the webhook tests; tenants' never may.
        Host.Settings["Webhooks:AllowPrivateTargets"] = "true";
        Host.TestServices = services =>
        {
            DisconnectInterceptor.AddTo(services);
            services.AddSingleton<ServiceUsage.Domain.Webhooks.IWebhookDns>(Dns);
            // Sessions are checked against their account on every request, so the access matrix can revoke one.
            services.Configure<Microsoft.AspNetCore.Identity.SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        };
        Host.Settings["DATAFOUNDRY_OAUTH_CLIENT_ID"] = FakeDataFoundry.ClientId;
        Host.Settings["DATAFOUNDRY_OAUTH_CLIENT_SECRET"] = FakeDataFoundry.ClientSecret;
        Start = BillingTime.NextHour(BillingTime.Now(Host.Clock));
        Host.Clock.SetUtcNow(Start);
        await using (var db = database.NewContext())
        {
            var since = Start.AddYears(-1);
            db.PlanVersions.AddRange(
                BillingHarness.Version("S", since, "mysql", 30m, null),
                BillingHarness.Version("L", since, "mysql", 90m, null),
                BillingHarness.Version("P", since, "mysql", null, 1.2m),
                BillingHarness.Version("V", since, "volume", null, 0.5m),
                BillingHarness.Version("X", since, "mysql", 40m, 0.9m, onSale: false));
            await db.SaveChangesAsync();
        }
        using var client = Host.CreateClient();
        Contract = new OpenApiContract(await client.GetStringAsync("/openapi/v1.json"));
    }

    /// <summary>The served OpenAPI document; every answer through <see cref="Client"/> is checked against it.</summary>
    public OpenApiContract Contract { get; private set; } = null!;

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
            await Host.Database.DisposeAsync();
        }
        if (DataFoundry is not null) await DataFoundry.DisposeAsync();
    }

    public static string NewUser(string prefix = "u") => $"{prefix}{Guid.NewGuid():N}"[..16];

    public HttpClient Client(string? bearer)
    {
        // No redirects followed, no cookies: an API client. Every answer is checked against the OpenAPI document.
        var client = Host.CreateDefaultClient(new ContractCheckingHandler(() => Contract));
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    public HttpClient Admin() => Client(AdminToken);

    /// <summary>A client with a fresh API token of <paramref name="user"/>.</summary>
    public async Task<HttpClient> TenantAsync(string user, string role = "tenant")
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(user, "test", role);
        return Client(created.Secret);
    }

    public async Task<T> QueryAsync<T>(Func<ServiceUsage.Domain.Data.ServiceUsageDbContext, Task<T>> query)
    {
        await using var db = Host.Database.NewContext();
        return await query(db);
    }

    public Task<int> OrderCountAsync(string user) => QueryAsync(db => db.Orders.CountAsync(o => o.User == user));
}

/// <summary>
/// One host for every API test class: fewer hosts started and disposed in parallel (Hangfire's logging is
/// process-global), and the API tests run one after another. Each test owns its data through fresh user names.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiHostFixture>
{
    public const string Name = "api";
}
