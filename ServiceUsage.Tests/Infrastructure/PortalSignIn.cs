using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceUsage.Tests.Infrastructure;

/// <summary>Portal users and a real sign-in through the login form (antiforgery token and cookie included).</summary>
public static partial class PortalSignIn
{
    public const string Password = "Test!pass123";

    public static async Task CreateUserAsync(WebApplicationFactory<Program> factory, string name, string role, params (string Type, string Value)[] claims)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser(name);
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        foreach (var (type, value) in claims) await users.AddClaimAsync(user, new System.Security.Claims.Claim(type, value));
    }

    /// <summary>A client that keeps cookies and does not follow redirects, signed in as <paramref name="name"/>.</summary>
    public static async Task<HttpClient> SignedInClientAsync(WebApplicationFactory<Program> factory, string name, string password = Password)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostLoginAsync(client, name, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {name} answered {response.StatusCode}");
        return client;
    }

    /// <summary>
    /// A client signed in to the portal through DataFoundry's OAuth flow (the fake platform plays the browser's
    /// other side): the portal redirects to /oauth/authorize, the platform back with a code, the portal redeems it.
    /// </summary>
    public static async Task<HttpClient> PlatformSignedInClientAsync(WebApplicationFactory<Program> factory, Api.FakeDataFoundry platform, string user)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var challenge = await client.GetAsync("/account/platform/signin?returnUrl=%2Forders");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        platform.NextSignIn = user;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var authorized = await browser.GetAsync(challenge.Headers.Location);
        Assert.True(authorized.StatusCode == HttpStatusCode.Redirect, $"authorize answered {authorized.StatusCode}: {await authorized.Content.ReadAsStringAsync()}");
        var callback = await client.GetAsync(authorized.Headers.Location);
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect && callback.Headers.Location?.OriginalString == "/orders",
            $"the callback answered {callback.StatusCode} → {callback.Headers.Location}");
        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string name, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the login form has no antiforgery token");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.UserName"] = name,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
