using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Figures;

/// <summary>
/// Filters for the figures list; every part is optional. <see cref="PublishedBy"/> keeps only figures whose source had
/// been published by then (<see cref="History.KnownWhen.Cutoff"/>).
/// </summary>
public sealed record FigureFilter(
    IReadOnlyList<string>? MetricCodes = null,
    string? LocationCode = null,
    int? SourceId = null,
    DateOnly? From = null,
    DateOnly? To = null,
    History.PublishedCutoff? PublishedBy = null,
    bool VerifiedOnly = false);

/// <summary>Sortable columns of the figures list.</summary>
public enum FigureSort
{
    Date,
    Metric,
    Location,
    /// <summary>By value within each unit: figures are grouped by unit kind and unit first, never interleaved across units.</summary>
    Value,
    Source,
}

/// <summary>One page of figures and the total matching the filter.</summary>
public sealed record FigurePage(IReadOnlyList<FigureRow> Rows, int Total, IReadOnlyDictionary<int, Series.Disagreement> Disagreements);

public sealed record EventRow(int Id, DateOnly Date, DatePrecision Precision, string Title, string? Description, int SourceId, string SourceTitle, string? SourceUrl);

public sealed record SourceSummary(int Id, string Key, string Title, string Publisher, DateOnly? Published, string? Url, SourceKind Kind, int FigureCount, TimeOnly? PublishedTime = null);

public sealed record Option(string Value, string Label);

public sealed record FilterOptions(IReadOnlyList<Option> Metrics, IReadOnlyList<Option> Locations, IReadOnlyList<Option> Sources);
