using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace DisplacementDashboard.Web.Components.Shared;

/// <summary>
/// Citation markup as a plain render fragment. Tables cite a source on every row; a fragment costs an open page no
/// component instance per row (docs/performance.md: memory per open page), and <see cref="SourceLink"/> uses it too.
/// </summary>
public static class Cite
{
    /// <summary>The source's page in the app (all its figures) and, where there is one, the original.</summary>
    public static RenderFragment Source(int sourceId, string title, string? url) => builder => Write(builder, sourceId, title, url);

    private static void Write(RenderTreeBuilder builder, int sourceId, string title, string? url)
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", "dd-source");
        builder.OpenElement(2, "a");
        builder.AddAttribute(3, "href", $"/sources/{sourceId}");
        builder.AddAttribute(4, "title", "All figures from this source");
        builder.AddContent(5, title);
        builder.CloseElement();
        if (!string.IsNullOrEmpty(url))
        {
            builder.AddContent(6, " · ");
            builder.OpenElement(7, "a");
            builder.AddAttribute(8, "href", url);
            builder.AddAttribute(9, "target", "_blank");
            builder.AddAttribute(10, "rel", "noopener noreferrer");
            builder.AddContent(11, "original");
            builder.OpenElement(12, "span");
            builder.AddAttribute(13, "class", "dd-sr-only");
            builder.AddContent(14, $" report: {title} (opens in a new tab)");
            builder.CloseElement();
            builder.CloseElement();
        }

        builder.CloseElement();
    }
}
