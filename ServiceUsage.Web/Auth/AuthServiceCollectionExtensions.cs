using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Web.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Portal sign-in: DataFoundry accounts when configured (<see cref="PlatformSignIn"/>), and local accounts
    /// (ASP.NET Core Identity on the ledger database); a cookie; roles tenant and admin.
    /// </summary>
    public static WebApplicationBuilder AddServiceUsageAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Keys in the database: every replica and the next container read the cookies (and antiforgery tokens) of the others.
        services.AddDataProtection().SetApplicationName("ServiceUsage").PersistKeysToDbContext<ServiceUsageDbContext>();
        builder.AddPortalAuthentication().AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/denied";
            cookie.Cookie.Name = "serviceusage.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.User.RequireUniqueEmail = false;
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ServiceUsageDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));
        services.AddCascadingAuthenticationState();
        services.AddScoped<DemoUsers>();
        return builder;
    }
}
