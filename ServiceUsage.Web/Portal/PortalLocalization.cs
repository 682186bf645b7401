using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace ServiceUsage.Web.Portal;

/// <summary>English and Simplified Chinese UI text; the choice lives in the standard ASP.NET Core culture cookie.</summary>
public static class PortalLocalization
{
    public static readonly string[] Cultures = ["en", "zh-Hans"];

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddSingleton<UiText>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Cultures[0]).AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    public static WebApplication UsePortalLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    /// <summary>GET /portal/culture?culture=zh-Hans&amp;returnUrl=/orders sets the cookie and goes back.</summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/portal/culture", (HttpContext http, string culture, string? returnUrl) =>
        {
            if (!Cultures.Contains(culture)) culture = Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") ? returnUrl : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous();
        return app;
    }

    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
}
