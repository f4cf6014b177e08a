using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// One figure as it is exported: codes and keys instead of row ids, the revision it is at, and the
/// provenance of its source, and the phrase it was read from (<see cref="Figure.SourcePhrase"/>; not a CSV column), and
/// whether a second editor checked it (<see cref="Figure.VerifiedAtUtc"/>; at an instant: its latest revision then was a check). <see cref="Value"/> is scaled by <see cref="Decimals"/> like <see cref="Figure.Value"/>.
/// </summary>
public sealed record FigureRecord(
    int FigureId,
    int Revision,
    string? ExternalId,
    string Metric,
    string Location,
    DateOnly Date,
    TimeOnly? Time,
    long Value,
    string Unit,
    int Decimals,
    Qualifier Qualifier,
    string Source,
    string SourceTitle,
    string SourcePublisher,
    string? SourceUrl,
    DateOnly? SourcePublished,
    string? Note,
    string? SourcePhrase = null,
    bool Verified = false);

/// <summary>Which figures to read; every part is optional. Without <see cref="AsOfUtc"/>, the current state.</summary>
public sealed record FigureRecordQuery(
    string? Metric = null,
    string? Location = null,
    string? Source = null,
    DateOnly? From = null,
    DateOnly? To = null,
    DateTime? AsOfUtc = null)
{
    /// <summary>
    /// <see cref="Location"/> and the places inside it (<see cref="Figures.LocationTree"/>), as the reader resolves them;
    /// null means <see cref="Location"/> alone.
    /// </summary>
    public IReadOnlyCollection<string>? Within { get; init; }

    /// <summary>Only figures whose source had been published by then (<see cref="History.KnownWhen.Cutoff"/>); null: all.</summary>
    public History.PublishedCutoff? PublishedBy { get; init; }

    public bool Matches(string metric, string location, string source, DateOnly date) =>
        (Metric is null || Metric == metric)
        && (Location is null || (Within is { } within ? within.Contains(location) : Location == location))
        && (Source is null || Source == source)
        && (From is null || date >= From)
        && (To is null || date <= To);
}
