using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Seeding;

/// <summary>The seed files as parsed and cross-checked rows.</summary>
public sealed record SeedData(
    IReadOnlyList<Unit> Units,
    IReadOnlyList<SeedMetric> Metrics,
    IReadOnlyList<SeedLocation> Locations,
    IReadOnlyList<SeedSource> Sources,
    IReadOnlyList<SeedFigure> Figures,
    IReadOnlyList<SeedEvent> Events);

/// <summary>A metric row; HxlHashtag is the metrics.csv column <c>hxl_hashtag</c>, added later and optional.</summary>
public sealed record SeedMetric(string Code, string Name, MetricKind Kind, IReadOnlyList<string> Units, string? Description, string? HxlHashtag = null);

/// <summary>A place row; PCode is the locations.csv column <c>pcode</c> (where a source gives one), added later and optional.</summary>
/// <see cref="NameHy"/> and <see cref="NameRu"/>: the optional columns <c>name_hy</c> (Armenian script) and <c>name_ru</c> (Russian).
public sealed record SeedLocation(string Code, string Name, string? ParentCode, LocationLevel Level, string? PCode = null, string? NameHy = null, string? NameRu = null);

/// <summary>A source; <see cref="PublishedTime"/> is its time of publication in Yerevan, when known (sources.csv's optional published_time).</summary>
public sealed record SeedSource(string Key, string Title, string Publisher, DateOnly? Published, string? Url, SourceKind Kind, TimeOnly? PublishedTime = null);

public sealed record SeedFigure(
    string Id,
    string MetricCode,
    string LocationCode,
    DateOnly Date,
    TimeOnly? Time,
    long Value,
    string UnitCode,
    Qualifier Qualifier,
    string SourceKey,
    string? Note);

public sealed record SeedEvent(string Key, DateOnly Date, DatePrecision Precision, string Title, string? Description, string SourceKey);

/// <summary>How many rows a seeding run added (zero everywhere on a second run).</summary>
public sealed record SeedResult(int Units, int Metrics, int Locations, int Sources, int Figures, int Events)
{
    public int Total => Units + Metrics + Locations + Sources + Figures + Events;
}

/// <summary>One problem in one cell of one file: which file, which row, which column, and why.</summary>
public sealed record SeedError(string File, int Row, string Column, string Reason)
{
    public override string ToString() => $"{File} row {Row}, column '{Column}': {Reason}";
}

/// <summary>Thrown when seed files are invalid; nothing is written.</summary>
public sealed class SeedValidationException(IReadOnlyList<SeedError> errors)
    : Exception($"The seed files have {errors.Count} problem(s): " + string.Join("; ", errors.Take(10)))
{
    public IReadOnlyList<SeedError> Errors { get; } = errors;
}
