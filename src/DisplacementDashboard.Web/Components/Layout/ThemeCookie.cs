using Microsoft.AspNetCore.Http;

namespace DisplacementDashboard.Web.Components.Layout;

/// <summary>The remembered light or dark choice: a cookie written by wwwroot/js/theme.js, read at the first render.</summary>
public static class ThemeCookie
{
    /// <summary>The cookie's name.</summary>
    public const string Name = "dd-theme";

    /// <summary>"dark", "light", or null (follow the system).</summary>
    public static string? Read(IRequestCookieCollection cookies) =>
        cookies.TryGetValue(Name, out var value) && value is "dark" or "light" ? value : null;
}
