using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace ServiceUsage.Web.Components;

public static class PortalServiceCollectionExtensions
{
    /// <summary>The Blazor Server portal (MudBlazor).</summary>
    public static WebApplicationBuilder AddServiceUsagePortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication MapServiceUsagePortal(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/account/login");
        });
        return app;
    }
}
