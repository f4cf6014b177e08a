using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace DisplacementDashboard.Web.Components.Shared;

/// <summary>
/// A figure's note in a table: short notes as they are; long ones collapsed to their first line in a native
/// details/summary ("more" opens it; keyboard-reachable, no JS). A render fragment, not a component, so a table of
/// hundreds of rows costs an open page no component instance per row (docs/performance.md).
/// Styles: Components/Shared/TableScroll.razor.css.
/// </summary>
public static class Notes
{
    /// <summary>Notes up to this many characters are shown whole; about one line of the note column at 1366 px.</summary>
    public const int ShortNote = 90;

    public static RenderFragment Collapsible(string? note) => builder => Write(builder, note);

    /// <summary>
    /// The verbatim phrase a figure was read from, as a quoted line under its note ("“more than 100,000 people”"), in a
    /// <c>q</c> element so it reads as a quotation; nothing when the figure has none.
    /// </summary>
    public static RenderFragment Phrase(string? phrase) => builder =>
    {
        if (string.IsNullOrWhiteSpace(phrase))
        {
            return;
        }

        builder.OpenElement(0, "q");
        builder.AddAttribute(1, "class", "dd-phrase");
        builder.AddAttribute(2, "data-testid", "source-phrase");
        builder.AddContent(3, phrase);
        builder.CloseElement();
    };

    private static void Write(RenderTreeBuilder builder, string? note)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return;
        }

        if (note.Length <= ShortNote && !note.Contains('\n', StringComparison.Ordinal))
        {
            builder.AddContent(0, note);
            return;
        }

        builder.OpenElement(1, "details");
        builder.AddAttribute(2, "class", "dd-note");
        builder.OpenElement(3, "summary");
        builder.OpenElement(4, "span");
        builder.AddAttribute(5, "class", "dd-note-text");
        builder.AddContent(6, note);
        builder.CloseElement();
        builder.OpenElement(7, "span");
        builder.AddAttribute(8, "class", "dd-note-more");
        builder.AddAttribute(9, "aria-hidden", "true");
        builder.CloseElement();
        builder.CloseElement();
        builder.CloseElement();
    }
}
