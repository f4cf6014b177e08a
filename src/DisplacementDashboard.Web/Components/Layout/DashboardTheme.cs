using MudBlazor;

namespace DisplacementDashboard.Web.Components.Layout;

/// <summary>
/// The one theme of the app (light and dark). Pages never name colours; they use the palette through Mud's
/// <c>Color</c> values or the <c>--mud-palette-*</c> variables. Every colour here is chosen to pass WCAG AA contrast
/// (axe, 4.5:1 for text) in the states a user sees: at rest, with validation errors shown, with a snackbar open.
/// </summary>
public static class DashboardTheme
{
    /// <summary>The system's own sans-serif: nothing is fetched from a font CDN (unreachable on many emergency networks).</summary>
    private static readonly string[] FontStack =
        ["system-ui", "-apple-system", "Segoe UI", "Noto Sans", "Liberation Sans", "Arial", "sans-serif"];

    /// <summary>The theme given to <c>MudThemeProvider</c> in the layout.</summary>
    public static MudTheme Theme { get; } = Build();

    private static MudTheme Build()
    {
        var theme = new MudTheme
        {
            PaletteLight = new PaletteLight
            {
                Primary = "#1f4e9c",
                Secondary = "#6a1b9a",
                Tertiary = "#00695c",
                Info = "#0b5cad",
                Success = "#1b5e20",
                // MudBlazor's default error red and warning orange are 3.7:1 and 2.9:1 on white: too light for text.
                Error = "#c62828",
                Warning = "#9a4700",
                AppbarBackground = "#1f4e9c",
                AppbarText = "#ffffff",
                TextPrimary = "rgba(0,0,0,0.87)",
                TextSecondary = "rgba(0,0,0,0.70)",
                ActionDefault = "rgba(0,0,0,0.70)",
                DrawerText = "rgba(0,0,0,0.87)",
                DrawerIcon = "rgba(0,0,0,0.70)",
            },
            PaletteDark = new PaletteDark
            {
                Primary = "#90b4f5",
                PrimaryContrastText = "#0b1a33",
                Secondary = "#ce93d8",
                Tertiary = "#80cbc4",
                Info = "#90caf9",
                Success = "#81c784",
                Error = "#ff8a80",
                Warning = "#ffb74d",
                // These light tones carry dark text in filled snackbars and buttons (white on them is about 2:1).
                InfoContrastText = "#0b1a33",
                SuccessContrastText = "#0b1a33",
                ErrorContrastText = "#0b1a33",
                WarningContrastText = "#0b1a33",
                AppbarBackground = "#16233a",
                AppbarText = "#ffffff",
                Background = "#121418",
                Surface = "#1c1f26",
                DrawerBackground = "#1c1f26",
                TextPrimary = "rgba(255,255,255,0.92)",
                TextSecondary = "rgba(255,255,255,0.75)",
                ActionDefault = "rgba(255,255,255,0.75)",
                DrawerText = "rgba(255,255,255,0.92)",
                DrawerIcon = "rgba(255,255,255,0.75)",
                LinesDefault = "rgba(255,255,255,0.2)",
            },
            LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
        };

        // Every text style uses the system font stack (MudBlazor's defaults name Roboto, which would be fetched).
        var t = theme.Typography;
        foreach (var style in new BaseTypography[] { t.Default, t.H1, t.H2, t.H3, t.H4, t.H5, t.H6, t.Subtitle1, t.Subtitle2, t.Body1, t.Body2, t.Button, t.Caption, t.Overline })
        {
            style.FontFamily = FontStack;
        }

        return theme;
    }
}
