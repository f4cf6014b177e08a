using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Figures;

/// <summary>The columns the data dictionary (/metrics) sorts on.</summary>
public enum MetricSort
{
    Name,
    Code,
    Kind,
    Figures,
}

/// <summary>One metric as the data dictionary shows it: the reference metric and the HXL hashtag of its values.</summary>
public sealed record MetricDictionaryEntry(ReferenceMetric Metric, string Hashtag)
{
    public static MetricDictionaryEntry From(ReferenceMetric metric) =>
        new(metric, Hxl.ValueTag(metric.Code, metric.Kind, metric.Units.Count > 0 ? metric.Units[0] : null));
}

/// <summary>
/// The data dictionary's search, kind filter and sort (in memory: the store holds tens of metrics). The text is
/// looked for in the name, code, definition and hashtag, ignoring case.
/// </summary>
public static class MetricDictionary
{
    public static IReadOnlyList<MetricDictionaryEntry> Select(
        IEnumerable<MetricDictionaryEntry> entries, string? text, MetricKind? kind, MetricSort sort, bool descending)
    {
        var words = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var chosen = entries.Where(e => kind is null || e.Metric.Kind == kind)
            .Where(e => words.All(w => Matches(e, w)));
        var ordered = sort switch
        {
            MetricSort.Code => Order(chosen, e => e.Metric.Code, descending),
            MetricSort.Kind => Order(chosen, e => e.Metric.Kind.ToString(), descending).ThenBy(e => e.Metric.Name, StringComparer.CurrentCultureIgnoreCase),
            MetricSort.Figures => Order(chosen, e => e.Metric.FigureCount, descending).ThenBy(e => e.Metric.Name, StringComparer.CurrentCultureIgnoreCase),
            _ => Order(chosen, e => e.Metric.Name, descending),
        };
        return ordered.ThenBy(e => e.Metric.Code, StringComparer.Ordinal).ToList();
    }

    private static IOrderedEnumerable<MetricDictionaryEntry> Order<TKey>(IEnumerable<MetricDictionaryEntry> entries, Func<MetricDictionaryEntry, TKey> key, bool descending)
    {
        var comparer = typeof(TKey) == typeof(string) ? (IComparer<TKey>)(object)StringComparer.CurrentCultureIgnoreCase : Comparer<TKey>.Default;
        return descending ? entries.OrderByDescending(key, comparer) : entries.OrderBy(key, comparer);
    }

    private static bool Matches(MetricDictionaryEntry entry, string word) =>
        entry.Metric.Name.Contains(word, StringComparison.CurrentCultureIgnoreCase)
        || entry.Metric.Code.Contains(word, StringComparison.OrdinalIgnoreCase)
        || (entry.Metric.Definition?.Contains(word, StringComparison.CurrentCultureIgnoreCase) ?? false)
        || entry.Hashtag.Contains(word, StringComparison.OrdinalIgnoreCase);
}
