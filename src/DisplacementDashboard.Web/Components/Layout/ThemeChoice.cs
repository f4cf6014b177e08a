namespace DisplacementDashboard.Web.Components.Layout;

/// <summary>The light/dark preference remembered for this browser, cascaded from <c>Routes</c> to the layout.</summary>
/// <param name="Preference">"dark", "light", or null to follow the system's <c>prefers-color-scheme</c>.</param>
public sealed record ThemeChoice(string? Preference);
