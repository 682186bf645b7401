using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Webhooks;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Webhooks;

/// <summary>
/// The real host over a private MariaDB database with a fake clock and fake DNS, for delivery tests. Admins' endpoints
/// may use loopback receivers (Webhooks:AllowPrivateTargets); tenants' may not. No job server: tests run the job.
/// </summary>
public sealed class WebhookHostFixture : IAsyncLifetime
{
    public ServiceUsageWebFactory Host { get; private set; } = null!;
    public FakeWebhookDns Dns { get; } = new();

    public async Task InitializeAsync()
    {
        Host = new ServiceUsageWebFactory(await MariaDbTestDatabase.CreateAsync());
        Host.Settings["Webhooks:AllowPrivateTargets"] = "true";
        Host.Settings["Webhooks:Timeout"] = "00:00:05";
        Host.TestServices = services => services.AddSingleton<IWebhookDns>(Dns);
        Host.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        using var client = Host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        if (Host is null) return;
        await Host.DisposeAsync();
        await Host.Database.DisposeAsync();
    }

    public static string NewUser(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..16];

    /// <summary>Events as the emitters record them (committed, not yet numbered).</summary>
    public async Task<List<EventRecord>> RecordAsync(params (string Type, string User)[] events)
    {
        await using var db = Host.Database.NewContext();
        var now = Host.Clock.GetUtcNow().UtcDateTime;
        var records = events.Select(e => EventOutbox.Add(db, e.Type, e.User, Guid.NewGuid().ToString("N"), new { user = e.User, note = "Zoë 😀", amount = 1.2m }, now)).ToList();
        await db.SaveChangesAsync();
        return records;
    }

    /// <summary>One run of the delivery job: number committed events, fan out, send what is due.</summary>
    public async Task<WebhookRunResult> RunAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EventSequencer>().SequenceAsync();
        return await scope.ServiceProvider.GetRequiredService<WebhookDispatcher>().RunAsync();
    }

    public async Task<T> WithEndpointsAsync<T>(Func<WebhookEndpoints, Task<T>> work)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<WebhookEndpoints>());
    }

    public Task<CreatedWebhookEndpoint> DeploymentEndpointAsync(string url, params string[] types) =>
        WithEndpointsAsync(e => e.CreateAsync(new WebhookAccess("root", IsAdmin: true), url, types));

    public async Task<List<WebhookDelivery>> DeliveriesAsync(long endpointId)
    {
        await using var db = Host.Database.NewContext();
        return await db.WebhookDeliveries.Include(d => d.AttemptLog.OrderBy(a => a.Id)).Where(d => d.EndpointId == endpointId).OrderBy(d => d.Sequence).ToListAsync();
    }

    public async Task<WebhookEndpoint> EndpointAsync(long id)
    {
        await using var db = Host.Database.NewContext();
        return await db.WebhookEndpoints.SingleAsync(e => e.Id == id);
    }
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookHostFixture>
{
    public const string Name = "webhooks";
}
