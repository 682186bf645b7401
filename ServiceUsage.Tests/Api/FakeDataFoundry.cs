using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServiceUsage.Tests.Api;

/// <summary>
/// A tiny stand-in for DataFoundry (OpenShift) on a loopback port: <c>GET /oapi/v1/users/~</c>, and the OAuth 2
/// authorization-code flow (<c>/oauth/authorize</c>, <c>/oauth/token</c>, with PKCE) that the portal signs in with.
/// </summary>
public sealed class FakeDataFoundry : IAsyncDisposable
{
    public const string ClientId = "serviceusage-portal";
    public const string ClientSecret = "fake-oauth-client-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string User, string RedirectUri, string Challenge)> _codes = new();
    private int _calls;

    private FakeDataFoundry(WebApplication app) => _app = app;

    /// <summary>token → user name.</summary>
    public ConcurrentDictionary<string, string> Users { get; } = new();

    /// <summary>When set, the platform answers 503 to everything.</summary>
    public bool Down { get; set; }

    /// <summary>Who signs in at the next <c>/oauth/authorize</c> (the person at the platform's login page).</summary>
    public string? NextSignIn { get; set; }

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
        app.MapGet("/oauth/authorize", (HttpContext context) =>
        {
            var q = context.Request.Query;
            if (q["response_type"] != "code" || q["client_id"] != ClientId || q["code_challenge_method"] != "S256"
                || string.IsNullOrEmpty(q["redirect_uri"]) || fake.NextSignIn is not { } user)
                return Results.BadRequest("invalid authorize request");
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            fake._codes[code] = (user, q["redirect_uri"]!, q["code_challenge"]!);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}");
        });
        app.MapPost("/oauth/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            if (form["grant_type"] != "authorization_code" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret
                || !fake._codes.TryRemove(form["code"].ToString(), out var grant) || grant.RedirectUri != form["redirect_uri"]
                || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge)
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            var token = "sha256~" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            fake.Users[token] = grant.User;
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 86400, scope = "user:info" });
        });
        await app.StartAsync();
        return fake;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
