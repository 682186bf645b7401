using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using ServiceUsage.Web.Auth;
using MudBlazor.Services;
using ServiceUsage.Web.Portal;

namespace ServiceUsage.Web.Components;

public static class PortalServiceCollectionExtensions
{
    /// <summary>The Blazor Server portal (MudBlazor).</summary>
    public static WebApplicationBuilder AddServiceUsagePortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section)
            .Configure<IHostEnvironment>((o, env) =>
            {
                // Self-registration defaults to on only in Development; an explicit setting always wins.
                if (builder.Configuration[$"{PortalOptions.Section}:{nameof(PortalOptions.AllowRegistration)}"] is null)
                    o.AllowRegistration = env.IsDevelopment();
            });
        builder.Services.AddSingleton<PortalOperations>();
        builder.Services.AddScoped<TenantTimeZone>();
        builder.Services.AddScoped<OrderGridQuery>();
        builder.Services.AddScoped<ChargeGridQuery>();
        builder.Services.AddTransient<MudBlazor.MudLocalizer, PortalMudLocalizer>();
        builder.Services.AddPortalLocalization();
        return builder;
    }

    public static WebApplication MapServiceUsagePortal(this WebApplication app)
    {
        app.UsePortalLocalization();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn, HttpContext http) =>
        {
            await signIn.SignOutAsync();
            await http.SignOutAsync(PlatformSignIn.CookieScheme);
            return Results.LocalRedirect("~/account/login");
        });
        app.MapUsageCsv();
        app.MapPlatformSignIn();
        app.MapCultureSwitch();
        return app;
    }
}
