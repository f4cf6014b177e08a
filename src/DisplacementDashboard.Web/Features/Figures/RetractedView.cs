using System.Globalization;
using DisplacementDashboard.Core.Figures;

namespace DisplacementDashboard.Web.Features.Figures;

/// <summary>
/// What the retracted figures list shows (sort, direction, page, page size), read from and written to the address like
/// the figures grid (<see cref="FiguresView"/>). The default is the latest retraction first. A value that cannot be
/// used falls back to the default with a message naming its query parameter.
/// </summary>
public sealed record RetractedView(RetractedSort Sort = RetractedSort.RetractedAt, bool Descending = true, int Page = 1, int PageSize = FiguresView.DefaultPageSize)
{
    /// <summary>The stable sort keys used in the address and as the grid columns' sort keys.</summary>
    public static IReadOnlyDictionary<string, RetractedSort> SortKeys { get; } = new Dictionary<string, RetractedSort>(StringComparer.Ordinal)
    {
        ["retracted"] = RetractedSort.RetractedAt,
        ["date"] = RetractedSort.Date,
        ["metric"] = RetractedSort.Metric,
        ["location"] = RetractedSort.Location,
        ["value"] = RetractedSort.Value,
        ["source"] = RetractedSort.Source,
    };

    public static string KeyOf(RetractedSort sort) => SortKeys.First(k => k.Value == sort).Key;

    /// <summary>Without a <c>dir</c>: the latest retraction first, every other column ascending.</summary>
    public static bool DescendingByDefault(RetractedSort sort) => sort == RetractedSort.RetractedAt;

    /// <summary>Reads the address's query values; <paramref name="problems"/> says what was not usable and what is shown instead.</summary>
    public static RetractedView Parse(string? sort, string? dir, string? page, string? pageSize, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var column = RetractedSort.RetractedAt;
        if (Blank(sort) is { } key)
        {
            if (SortKeys.TryGetValue(key, out var known))
            {
                column = known;
            }
            else
            {
                found.Add($"sort: “{key}” is not a column; use one of {string.Join(", ", SortKeys.Keys)}. Sorted by the time of retraction instead.");
            }
        }

        var view = new RetractedView(column, DescendingByDefault(column));
        switch (Blank(dir))
        {
            case null:
                break;
            case "asc":
                view = view with { Descending = false };
                break;
            case "desc":
                view = view with { Descending = true };
                break;
            case var d:
                found.Add($"dir: “{d}” is neither asc nor desc; {(view.Descending ? "descending" : "ascending")} is used.");
                break;
        }

        if (Blank(page) is { } p)
        {
            if (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
            {
                view = view with { Page = number };
            }
            else
            {
                found.Add($"page: “{p}” is not a page number (1, 2, …); showing page 1.");
            }
        }

        if (Blank(pageSize) is { } z)
        {
            if (int.TryParse(z, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && FiguresView.PageSizes.Contains(size))
            {
                view = view with { PageSize = size };
            }
            else
            {
                found.Add($"pageSize: “{z}” is not one of {string.Join(", ", FiguresView.PageSizes)}; showing {FiguresView.DefaultPageSize} a page.");
            }
        }

        problems = found;
        return view;
    }

    /// <summary>The query parameters for this view; defaults are left out (null removes a parameter).</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["sort"] = Sort == RetractedSort.RetractedAt ? null : KeyOf(Sort),
        ["dir"] = Descending == DescendingByDefault(Sort) ? null : Descending ? "desc" : "asc",
        ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
        ["pageSize"] = PageSize == FiguresView.DefaultPageSize ? null : PageSize.ToString(CultureInfo.InvariantCulture),
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
