using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Webhooks;

// Events delivered per second to one loopback receiver by the webhook dispatcher (sign, POST, record each attempt in
// MariaDB), beside the floor: the same bodies POSTed one after another by a bare HttpClient to the same receiver.
// Usage: dotnet WebhooksBench.dll <server connection string> [events]
var server = args[0];
var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000;
var cs = new MySqlConnectionStringBuilder(server) { Database = "su_webhooks_bench", AllowUserVariables = true }.ConnectionString;

var receiverBuilder = WebApplication.CreateSlimBuilder();
receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
receiverBuilder.Logging.ClearProviders();
var receiver = receiverBuilder.Build();
var received = 0;
receiver.MapPost("/hook", async context =>
{
    await context.Request.Body.CopyToAsync(Stream.Null);
    Interlocked.Increment(ref received);
    context.Response.StatusCode = 204;
});
await receiver.StartAsync();
var url = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = "MySql",
    ["Database:ServerVersion"] = "10.11.0-mariadb",
    ["ConnectionStrings:ServiceUsage"] = cs,
    ["Webhooks:AllowPrivateTargets"] = "true",
    ["Webhooks:FanOutBatch"] = "10000",
}).Build();
var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddServiceUsageDomain(config, AppContext.BaseDirectory);
services.AddDataProtection().UseEphemeralDataProtectionProvider();
await using var provider = services.BuildServiceProvider();
var contexts = provider.GetRequiredService<IDbContextFactory<ServiceUsageDbContext>>();
await using (var db = await contexts.CreateDbContextAsync())
{
    await db.Database.EnsureDeletedAsync();
    await db.Database.MigrateAsync();
}
await using (var scope = provider.CreateAsyncScope())
    await scope.ServiceProvider.GetRequiredService<WebhookEndpoints>().CreateAsync(new WebhookAccess("bench", true), url, null);
var now = DateTime.UtcNow;
await using (var db = await contexts.CreateDbContextAsync())
{
    await using var tx = await db.Database.BeginTransactionAsync();
    var events = Enumerable.Range(0, count).Select(i => EventOutbox.Create(EventTypes.OrderRenewed, $"tenant-{i % 100}", $"o{i}",
        new { orderId = $"{i:D32}", user = $"tenant-{i % 100}", planId = "mysql-small", quantity = 2, status = "active", payment = 30.0000m }, now)).ToList();
    await EventOutbox.InsertAsync(db, events, default);
    await tx.CommitAsync();
}
await using (var scope = provider.CreateAsyncScope())
    await scope.ServiceProvider.GetRequiredService<EventSequencer>().SequenceAsync();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{count:N0} events, one deployment endpoint, receiver on {url} (answers 204); MariaDB on 127.0.0.1; {Environment.ProcessorCount} cores."));

// Floor: the same bodies, POSTed one by one by a bare HttpClient (no signing, no database).
byte[][] bodies;
await using (var db = await contexts.CreateDbContextAsync())
    bodies = (await db.Events.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync()).Select(WebhookPayloads.Body).ToArray();
using (var client = new HttpClient())
{
    var floor = Stopwatch.StartNew();
    foreach (var body in bodies)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(url, content);
        response.EnsureSuccessStatusCode();
    }
    floor.Stop();
    Report("floor: bare HttpClient POSTs", count, floor.Elapsed);
}

received = 0;
var dispatcher = provider.GetRequiredService<WebhookDispatcher>();
var fanOut = Stopwatch.StartNew();
var created = await provider.GetRequiredService<WebhookFanOut>().RunAsync(default);
fanOut.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fan-out: {created:N0} deliveries created in {fanOut.Elapsed.TotalSeconds:F2} s"));
var send = Stopwatch.StartNew();
while (received < count)
{
    var run = await dispatcher.RunAsync();
    if (run.Delivered == 0 && received < count) throw new InvalidOperationException($"stalled at {received}: {run}");
}
send.Stop();
Report("dispatcher: sign, POST, record attempt", count, send.Elapsed);
await receiver.StopAsync();

static void Report(string what, int n, TimeSpan elapsed) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{what,-40} {n,7:N0} in {elapsed.TotalSeconds,6:F2} s = {n / elapsed.TotalSeconds,8:N0} events/s ({elapsed.TotalMilliseconds * 1000 / n:F0} µs each)"));
