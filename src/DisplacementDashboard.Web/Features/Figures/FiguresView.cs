using System.Globalization;
using DisplacementDashboard.Core.Figures;

namespace DisplacementDashboard.Web.Features.Figures;

/// <summary>
/// Everything that decides what the figures grid shows (filters, sort, page, page size), read from and written to the
/// address so that a copied link reproduces the view. Values that cannot be used fall back to the default, each with a
/// message naming its query parameter; nothing in the address can make the page fail.
/// </summary>
public sealed record FiguresView(
    string? Metric = null,
    string? Location = null,
    int? SourceId = null,
    DateOnly? From = null,
    DateOnly? To = null,
    FigureSort Sort = FigureSort.Date,
    bool Descending = false,
    int Page = 1,
    int PageSize = FiguresView.DefaultPageSize,
    bool VerifiedOnly = false)
{
    public const int DefaultPageSize = 25;

    public static IReadOnlyList<int> PageSizes { get; } = [10, 25, 50, 100];

    /// <summary>The stable sort keys used in the address and as the grid columns' sort keys.</summary>
    public static IReadOnlyDictionary<string, FigureSort> SortKeys { get; } = new Dictionary<string, FigureSort>(StringComparer.Ordinal)
    {
        ["date"] = FigureSort.Date,
        ["metric"] = FigureSort.Metric,
        ["location"] = FigureSort.Location,
        ["value"] = FigureSort.Value,
        ["source"] = FigureSort.Source,
    };

    public FigureFilter Filter => new(Metric is null ? null : [Metric], Location, SourceId, From, To, VerifiedOnly: VerifiedOnly);

    public string SortKey => KeyOf(Sort);

    public static string KeyOf(FigureSort sort) => SortKeys.First(k => k.Value == sort).Key;

    /// <summary>Reads the address's query values; <paramref name="problems"/> says what was not usable and what is shown instead.</summary>
    public static FiguresView Parse(
        string? metric, string? location, string? source, string? from, string? to, string? sort, string? dir, string? page, string? pageSize,
        out IReadOnlyList<string> problems, string? verified = null)
    {
        var found = new List<string>();
        var view = new FiguresView(Blank(metric), Blank(location));

        if (Blank(source) is { } s)
        {
            if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                view = view with { SourceId = id };
            }
            else
            {
                found.Add($"source: “{s}” is not a source number, so figures from every source are shown.");
            }
        }

        view = view with { From = ReadDate("from", from, found), To = ReadDate("to", to, found) };
        if (view is { From: { } f, To: { } t } && f > t)
        {
            found.Add($"from ({f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}) is after to ({t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}), so no figure can match.");
        }

        switch (Blank(verified))
        {
            case null or "false":
                break;
            case "true":
                view = view with { VerifiedOnly = true };
                break;
            case var v:
                found.Add($"verified: “{v}” is neither true nor false, so verified and unverified figures are shown.");
                break;
        }

        if (Blank(sort) is { } key)
        {
            if (SortKeys.TryGetValue(key, out var column))
            {
                view = view with { Sort = column };
            }
            else
            {
                found.Add($"sort: “{key}” is not a column; use one of {string.Join(", ", SortKeys.Keys)}. Sorted by date instead.");
            }
        }

        switch (Blank(dir))
        {
            case null or "asc":
                break;
            case "desc":
                view = view with { Descending = true };
                break;
            case var d:
                found.Add($"dir: “{d}” is neither asc nor desc; ascending is used.");
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
            if (!int.TryParse(z, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
            {
                found.Add($"pageSize: “{z}” is not a number of rows; showing {DefaultPageSize} a page.");
            }
            else if (size > PageSizes[^1])
            {
                found.Add($"pageSize: {size.ToString(CultureInfo.InvariantCulture)} is more than {PageSizes[^1]}; showing {PageSizes[^1]} a page.");
                view = view with { PageSize = PageSizes[^1] };
            }
            else if (!PageSizes.Contains(size))
            {
                var next = PageSizes.First(n => n >= size);
                found.Add($"pageSize: {size.ToString(CultureInfo.InvariantCulture)} is not one of {string.Join(", ", PageSizes)}; showing {next} a page.");
                view = view with { PageSize = next };
            }
            else
            {
                view = view with { PageSize = size };
            }
        }

        problems = found;
        return view;
    }

    /// <summary>The query parameters for this view; defaults are left out (null removes a parameter), so the plain address is the default view.</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["metric"] = Metric,
        ["location"] = Location,
        ["source"] = SourceId?.ToString(CultureInfo.InvariantCulture),
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["verified"] = VerifiedOnly ? "true" : null,
        ["sort"] = Sort == FigureSort.Date ? null : SortKey,
        ["dir"] = Descending ? "desc" : null,
        ["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture),
        ["pageSize"] = PageSize == DefaultPageSize ? null : PageSize.ToString(CultureInfo.InvariantCulture),
    };

    private static DateOnly? ReadDate(string name, string? text, List<string> problems)
    {
        if (Blank(text) is not { } value)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add($"{name}: “{value}” is not a date in the form 2023-09-30, so it is not applied.");
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
