using System.Globalization;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.Web.Features.Api;

/// <summary>One page of a list: the items, where the page is, and how many items match in all.</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total, int TotalPages)
{
    public static ApiPage<T> Of(IReadOnlyList<T> items, int page, int pageSize, int total) =>
        new(items, page, pageSize, total, (total + pageSize - 1) / pageSize);
}

/// <summary>A figure's source, as cited.</summary>
public sealed record ApiSourceRef(string Key, string Title, string Publisher, string? Url, DateOnly? Published);

/// <summary>
/// A figure. <c>value</c> is in the unit itself (people; US dollars, not cents; percent); <c>time</c> is Armenian
/// local time (HH:mm) or null; <c>revision</c> is the figure's version; <c>phrase</c> the words of the source the figure
/// was read from, verbatim, or null; <c>verified</c> whether a second editor checked it against its source (at
/// <c>asOf</c>: whether it was checked then).
/// </summary>
public sealed record ApiFigure(
    int Id,
    string? ExternalId,
    int Revision,
    string Metric,
    string Location,
    DateOnly Date,
    string? Time,
    decimal Value,
    string Unit,
    string Qualifier,
    ApiSourceRef Source,
    string? Note,
    string? Phrase,
    bool Verified)
{
    public static ApiFigure From(FigureRecord r) => new(
        r.FigureId, r.ExternalId, r.Revision, r.Metric, r.Location, r.Date, FigureCsv.FormatTime(r.Time), Amount(r.Value, r.Decimals),
        r.Unit, FigureCsv.QualifierText(r.Qualifier), new ApiSourceRef(r.Source, r.SourceTitle, r.SourcePublisher, r.SourceUrl, r.SourcePublished), r.Note, r.SourcePhrase, r.Verified);

    /// <summary>The exact decimal of a scaled value (no binary floating point on the way).</summary>
    public static decimal Amount(long value, int decimals) => decimal.Parse(ScaledValue.ToInvariant(value, decimals), CultureInfo.InvariantCulture);
}

/// <summary>A source; <c>publishedTime</c> is its time of publication in Yerevan (HH:mm), when known.</summary>
public sealed record ApiSource(int Id, string Key, string Title, string Publisher, DateOnly? Published, string? Url, string Kind, int FigureCount, string? PublishedTime = null);

public sealed record ApiEvent(string Key, DateOnly Date, string Precision, string Title, string? Description, string Source);

/// <summary>The figures of one metric, one line per location and unit, each ordered by day and time.</summary>
public sealed record ApiSeries(string Metric, string Name, string? Location, DateOnly? From, DateOnly? To, IReadOnlyList<ApiSeriesLine> Lines);

public sealed record ApiSeriesLine(string Location, string Unit, IReadOnlyList<ApiPoint> Points);

public sealed record ApiPoint(int FigureId, DateOnly Date, string? Time, decimal Value, string Qualifier, string Source);

/// <summary>A metric: <c>kind</c> is cumulative, flow, level, ...; <c>units</c> the unit codes it allows, the usual one first.</summary>
public sealed record ApiMetric(string Code, string Name, string Kind, IReadOnlyList<string> Units, string? Definition, int FigureCount)
{
    public static ApiMetric From(Core.Figures.ReferenceMetric m) => new(m.Code, m.Name, SeedReader.ToFileText(m.Kind.ToString()), m.Units, m.Definition, m.FigureCount);
}

/// <summary>A unit: <c>kind</c> is count, percent or money; <c>decimals</c> how many a value may have.</summary>
public sealed record ApiUnit(string Code, string Name, string Kind, int Decimals)
{
    public static ApiUnit From(Core.Figures.ReferenceUnit u) => new(u.Code, u.Name, SeedReader.ToFileText(u.Kind.ToString()), u.Decimals);
}

/// <summary>
/// A place: <c>level</c> is country, adm1 (marz), ...; <c>parent</c> the code of the place it lies in; <c>nameHy</c> and
/// <c>nameRu</c> its name in Armenian script and in Russian, where known.
/// </summary>
public sealed record ApiLocation(string Code, string Name, string Level, string? Parent, string? PCode, bool Retired, string? NameHy, string? NameRu)
{
    public static ApiLocation From(Core.Figures.ReferenceLocation l) => new(l.Code, l.Name, SeedReader.ToFileText(l.Level.ToString()), l.Parent, l.PCode, l.Retired, l.NameHy, l.NameRu);
}
