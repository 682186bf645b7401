using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;
using ServiceUsage.Web.Configuration;

namespace ServiceUsage.Web.Auth;

/// <summary>
/// Portal sign-in with the platform's own accounts: DataFoundry's (OpenShift's) OAuth 2 authorization-code flow, with
/// ASP.NET Core's OAuth handler. The user is <c>metadata.name</c> of <c>/oapi/v1/users/~</c>, the same identity the
/// API sees for that user's DataFoundry token; SERVICEUSAGE_ADMIN_USERS are admins. The session lives in a cookie of
/// its own; local accounts (Identity) stay for the embedded default.
/// </summary>
public static class PlatformSignIn
{
    public const string Scheme = "DataFoundry";
    public const string CookieScheme = "DataFoundry.Cookie";
    public const string CookieName = "serviceusage.platform";
    public const string PortalScheme = "Portal";
    public const string SignInPath = "/account/platform/signin";
    public const string CallbackPath = "/account/platform/callback";
    public const string ClientIdVariable = "DATAFOUNDRY_OAUTH_CLIENT_ID";
    public const string ClientSecretVariable = "DATAFOUNDRY_OAUTH_CLIENT_SECRET";
    public const string OAuthAddressVariable = "DATAFOUNDRY_OAUTH_ADDR";

    /// <summary>Whether the sign-in page offers "Sign in with DataFoundry".</summary>
    public sealed record Availability(bool Enabled);

    /// <summary>
    /// The portal's default scheme picks the session a request carries: a platform cookie, else the local one
    /// (whose challenge sends anonymous visitors to the sign-in page).
    /// </summary>
    public static AuthenticationBuilder AddPortalAuthentication(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var clientId = config[ClientIdVariable];
        var secret = config[ClientSecretVariable];
        var platform = PlatformSettings.Resolve(config);
        var enabled = !string.IsNullOrWhiteSpace(clientId);
        if (enabled && string.IsNullOrEmpty(secret))
            throw new InvalidOperationException($"Configuration error: {ClientSecretVariable} is required when {ClientIdVariable} is set.");
        if (enabled && platform.DataFoundryHost is null)
            throw new InvalidOperationException($"Configuration error: DATAFOUNDRY_HOST_ADDR is required when {ClientIdVariable} is set.");
        builder.Services.AddSingleton(new Availability(enabled));

        var authentication = builder.Services.AddAuthentication(o => o.DefaultScheme = PortalScheme)
            .AddPolicyScheme(PortalScheme, "Portal session", o => o.ForwardDefaultSelector = context =>
                context.Request.Cookies.ContainsKey(CookieName) ? CookieScheme : IdentityConstants.ApplicationScheme)
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.LoginPath = "/account/login";
                cookie.AccessDeniedPath = "/account/denied";
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
        if (!enabled) return authentication;

        var host = platform.DataFoundryHost!;
        var oauth = config[OAuthAddressVariable] is { Length: > 0 } address ? new Uri(address.TrimEnd('/')) : host;
        var admins = ApiBearerServiceCollectionExtensions.AdminUsers(config);
        return authentication.AddOAuth(Scheme, "DataFoundry", o =>
        {
            o.SignInScheme = CookieScheme;
            o.ClientId = clientId!;
            o.ClientSecret = secret!;
            o.AuthorizationEndpoint = new Uri(oauth, "/oauth/authorize").ToString();
            o.TokenEndpoint = new Uri(oauth, "/oauth/token").ToString();
            o.UserInformationEndpoint = new Uri(host, "/oapi/v1/users/~").ToString();
            o.CallbackPath = CallbackPath;
            o.UsePkce = true;
            o.Scope.Add("user:info");
            // The callback is a top-level GET from the platform: Lax cookies come back; the route may terminate TLS.
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnCreatingTicket = async context =>
            {
                var lookup = await context.HttpContext.RequestServices.GetRequiredService<DataFoundryUsers>()
                    .FindUserAsync(host, context.AccessToken!, context.HttpContext.RequestAborted);
                // No user, no session: the failure goes to OnRemoteFailure (the sign-in page says so).
                var user = lookup.User ?? throw new AuthenticationFailureException(lookup.Unavailable
                    ? "DataFoundry could not say who signed in." : "DataFoundry named no user that may sign in here.");
                context.Identity!.AddClaim(new Claim(ClaimTypes.Name, user));
                context.Identity.AddClaim(new Claim(ClaimTypes.Role, admins.Contains(user) ? Roles.Admin : Roles.Tenant));
                context.Identity.AddClaim(new Claim("auth_source", "datafoundry"));
            };
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/account/login?failed=platform");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    public static IEndpointRouteBuilder MapPlatformSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, (string? returnUrl, Availability availability) => availability.Enabled
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl(returnUrl) }, [Scheme])
            : Results.NotFound()).AllowAnonymous();
        return app;
    }

    /// <summary>Only local paths: never send a signed-in user to another site.</summary>
    public static string LocalUrl(string? url)
    {
        url ??= "";
        if (!url.StartsWith('/')) url = "/" + url;
        return url.StartsWith("//") || url.Contains('\\') || url.Contains("://") ? "/" : url;
    }
}
