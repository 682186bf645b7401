using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServiceUsage.Tests.Api;

/// <summary>A tiny stand-in for DataFoundry's <c>GET /oapi/v1/users/~</c> on a loopback port.</summary>
public sealed class FakeDataFoundry : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private FakeDataFoundry(WebApplication app) => _app = app;

    /// <summary>token → user name.</summary>
    public Dictionary<string, string> Users { get; } = new();

    /// <summary>When set, the platform answers 503 to everything.</summary>
    public bool Down { get; set; }

    public int Calls => _calls;

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<FakeDataFoundry> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDataFoundry(app);
        app.MapGet("/oapi/v1/users/~", (HttpContext context) =>
        {
            Interlocked.Increment(ref fake._calls);
            if (fake.Down) return Results.StatusCode(503);
            var header = context.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "";
            return fake.Users.TryGetValue(token, out var user)
                ? Results.Json(new { kind = "User", metadata = new { name = user } })
                : Results.StatusCode(401);
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
