using MudBlazor;

namespace ServiceUsage.Web.Components.Layout;

/// <summary>
/// MudBlazor's palettes adjusted for WCAG AA contrast (checked by the axe tests): light status colours dark enough for
/// white text; in dark mode a lighter primary (active links, focused labels) and brighter secondary text (labels).
/// </summary>
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
        PaletteDark = new PaletteDark
        {
            Primary = "#9fa8ff",
            TextSecondary = "rgba(255,255,255,0.74)",
            ActionDefault = "rgba(255,255,255,0.74)",
        },
    };
}
