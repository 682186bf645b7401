using MudBlazor;

namespace ServiceUsage.Web.Components.Layout;

/// <summary>
/// MudBlazor's palettes adjusted for WCAG AA contrast in both themes (checked by axe on every page): light status colours
/// dark enough for white text; in dark mode light colours with dark text on them (filled buttons, chips) that also read
/// as text on the dark surface, and brighter secondary text.
/// </summary>
public static class PortalTheme
{
    private const string DarkText = "rgba(0,0,0,0.87)";

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
            PrimaryContrastText = DarkText,
            Secondary = "#ff80ab",
            SecondaryContrastText = DarkText,
            Info = "#64b5f6",
            InfoContrastText = DarkText,
            Success = "#66bb6a",
            SuccessContrastText = DarkText,
            Warning = "#ffb74d",
            WarningContrastText = DarkText,
            Error = "#ff8a80",
            ErrorContrastText = DarkText,
            TextSecondary = "rgba(255,255,255,0.74)",
            ActionDefault = "rgba(255,255,255,0.74)",
        },
    };
}
