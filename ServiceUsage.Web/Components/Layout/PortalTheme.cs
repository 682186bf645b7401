using MudBlazor;

namespace ServiceUsage.Web.Components.Layout;

/// <summary>MudBlazor's palette with status colours dark enough for white text (WCAG AA contrast, checked by the axe tests).</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Success = "#2e7d32",
            Info = "#1565c0",
            Warning = "#a84300",
            Error = "#c62828",
        },
    };
}
