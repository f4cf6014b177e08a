using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Series;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.History;

/// <summary>
/// The pages' figures, events and sources as this store held them at an instant (<see cref="KnownWhen.RecordedByUtc"/>),
/// rebuilt from the revision history by <see cref="FigureRecordReader"/>: each figure's latest revision at or before
/// the instant, its source as it was then. Metric, unit and place names are today's (they label codes that do not
/// change). Read in memory: these views are asked for now and then, not on every visit. A rebuild reads every
/// figure's latest revision at the instant (docs/performance.md, "Known when"), so at most
/// <see cref="MaxConcurrentRebuilds"/> run at once; more callers wait their turn rather than share out the memory.
/// </summary>
public sealed class HistoricalFigures(IDbContextFactory<DashboardDbContext> contextFactory, FigureRecordReader reader) : IDisposable
{
    /// <summary>Rebuilds that may run at once in this process.</summary>
    public const int MaxConcurrentRebuilds = 2;

    private readonly SemaphoreSlim _rebuilds = new(MaxConcurrentRebuilds, MaxConcurrentRebuilds);

    public void Dispose() => _rebuilds.Dispose();

    private async Task<T> OneAtATimeAsync<T>(Func<Task<T>> rebuild, CancellationToken cancellationToken)
    {
        await _rebuilds.WaitAsync(cancellationToken);
        try
        {
            return await rebuild();
        }
        finally
        {
            _rebuilds.Release();
        }
    }

    /// <summary>The figures matching <paramref name="filter"/> as recorded at <paramref name="asOfUtc"/>, ordered by day and time.</summary>
    public Task<IReadOnlyList<FigureRow>> GetFiguresAsync(DateTime asOfUtc, FigureFilter filter, Func<FigureRow, bool>? keep = null, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(() => FiguresAsync(asOfUtc, filter, keep, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<FigureRow>> FiguresAsync(DateTime asOfUtc, FigureFilter filter, Func<FigureRow, bool>? keep, CancellationToken cancellationToken)
    {
        var lookups = await LookupsAsync(asOfUtc, cancellationToken);
        var sourceKey = filter.SourceId is { } id ? lookups.SourceKeys.GetValueOrDefault(id) ?? "\u0000none" : null;
        var query = new FigureRecordQuery(Location: filter.LocationCode, Source: sourceKey, From: filter.From, To: filter.To, AsOfUtc: asOfUtc);
        var metrics = filter.MetricCodes is { Count: > 0 } codes ? codes.ToHashSet(StringComparer.Ordinal) : null;
        var rows = new List<FigureRow>();
        await foreach (var record in reader.ReadAsync(query, cancellationToken))
        {
            if ((metrics is not null && !metrics.Contains(record.Metric)) || (filter.VerifiedOnly && !record.Verified))
            {
                continue;
            }

            if (!lookups.SourcesThen.TryGetValue(record.Source, out var source)
                || (filter.PublishedBy is { } cutoff && !cutoff.Admits(source.Published, source.PublishedTime)))
            {
                continue;
            }

            var row = lookups.ToRow(record);
            if (keep is null || keep(row))
            {
                rows.Add(row);
            }
        }

        return rows.OrderBy(r => r.Date).ThenBy(r => r.Time ?? TimeOnly.MinValue).ThenBy(r => r.Id).ToList();
    }

    /// <summary>One page of the grid as recorded at <paramref name="asOfUtc"/>, in the grid's orders, with its disagreements.</summary>
    public async Task<FigurePage> GetPageAsync(DateTime asOfUtc, FigureFilter filter, int skip, int take, FigureSort sort, bool descending, CancellationToken cancellationToken = default)
    {
        var all = await GetFiguresAsync(asOfUtc, filter, cancellationToken: cancellationToken);
        var rows = Order(all, sort, descending).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToList();
        var keys = rows.Select(r => (r.MetricCode, r.Date)).ToHashSet();
        var peers = await GetFiguresAsync(asOfUtc, new FigureFilter([.. rows.Select(r => r.MetricCode).Distinct()], PublishedBy: filter.PublishedBy), cancellationToken: cancellationToken);
        var pageIds = rows.Select(r => r.Id).ToHashSet();
        var disagreements = ConflictDetector.Find(peers.Where(p => keys.Contains((p.MetricCode, p.Date))).ToList())
            .Where(d => pageIds.Contains(d.Key)).ToDictionary(d => d.Key, d => d.Value);
        return new FigurePage(rows, all.Count, disagreements);
    }

    /// <summary>The timeline's events as recorded at <paramref name="asOfUtc"/>, those whose source counts by <paramref name="publishedBy"/>.</summary>
    public Task<IReadOnlyList<EventRow>> GetEventsAsync(DateTime asOfUtc, PublishedCutoff? publishedBy, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(() => EventsAsync(asOfUtc, publishedBy, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<EventRow>> EventsAsync(DateTime asOfUtc, PublishedCutoff? publishedBy, CancellationToken cancellationToken)
    {
        var lookups = await LookupsAsync(asOfUtc, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ids = await db.Events.AsNoTracking().ToDictionaryAsync(e => e.Key, e => e.Id, StringComparer.Ordinal, cancellationToken);
        var events = new List<EventRow>();
        await foreach (var e in reader.ReadEventsAsync(asOfUtc, cancellationToken))
        {
            if (!lookups.SourcesThen.TryGetValue(e.Source, out var source) || !FigureCsv.TryParseDate(e.Date, out var date)
                || (publishedBy is { } cutoff && !cutoff.Admits(source.Published, source.PublishedTime)))
            {
                continue;
            }

            var precision = Enum.TryParse<DatePrecision>(e.Precision.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var p) ? p : DatePrecision.Day;
            events.Add(new EventRow(ids.GetValueOrDefault(e.Key), date, precision, e.Title, e.Description, lookups.SourceIds.GetValueOrDefault(e.Source), source.Title, source.Url));
        }

        return events.OrderBy(e => e.Date).ToList();
    }

    /// <summary>
    /// Sources as recorded at <paramref name="asOfUtc"/> (those that existed then), counting <paramref name="publishedBy"/>,
    /// each with the number of its figures shown at that instant.
    /// </summary>
    public Task<IReadOnlyList<SourceSummary>> GetSourcesAsync(DateTime asOfUtc, PublishedCutoff? publishedBy, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(() => SourcesAsync(asOfUtc, publishedBy, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<SourceSummary>> SourcesAsync(DateTime asOfUtc, PublishedCutoff? publishedBy, CancellationToken cancellationToken)
    {
        var lookups = await LookupsAsync(asOfUtc, cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var record in reader.ReadAsync(new FigureRecordQuery(AsOfUtc: asOfUtc), cancellationToken))
        {
            counts[record.Source] = counts.GetValueOrDefault(record.Source) + 1;
        }

        return lookups.SourcesThen.Values
            .Where(s => lookups.SourceIds.ContainsKey(s.Key) && (publishedBy is not { } cutoff || cutoff.Admits(s.Published, s.PublishedTime)))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new SourceSummary(lookups.SourceIds[s.Key], s.Key, s.Title, s.Publisher, s.Published, s.Url, s.Kind, counts.GetValueOrDefault(s.Key), s.PublishedTime))
            .ToList();
    }

    /// <summary>The grid's orders (<see cref="FigureQueries.Order"/>) in memory.</summary>
    internal static IEnumerable<FigureRow> Order(IEnumerable<FigureRow> rows, FigureSort sort, bool descending) => (sort, descending) switch
    {
        (FigureSort.Metric, false) => rows.OrderBy(f => f.MetricName, StringComparer.Ordinal).ThenBy(f => f.Date).ThenBy(f => f.Id),
        (FigureSort.Metric, true) => rows.OrderByDescending(f => f.MetricName, StringComparer.Ordinal).ThenBy(f => f.Date).ThenBy(f => f.Id),
        (FigureSort.Location, false) => rows.OrderBy(f => f.LocationName, StringComparer.Ordinal).ThenBy(f => f.Date).ThenBy(f => f.Id),
        (FigureSort.Location, true) => rows.OrderByDescending(f => f.LocationName, StringComparer.Ordinal).ThenBy(f => f.Date).ThenBy(f => f.Id),
        (FigureSort.Value, false) => rows.OrderBy(f => f.UnitKind).ThenBy(f => f.UnitName, StringComparer.Ordinal).ThenBy(f => f.UnitCode, StringComparer.Ordinal).ThenBy(f => f.Value).ThenBy(f => f.Id),
        (FigureSort.Value, true) => rows.OrderBy(f => f.UnitKind).ThenBy(f => f.UnitName, StringComparer.Ordinal).ThenBy(f => f.UnitCode, StringComparer.Ordinal).ThenByDescending(f => f.Value).ThenBy(f => f.Id),
        (FigureSort.Source, false) => rows.OrderBy(f => f.SourceTitle, StringComparer.Ordinal).ThenBy(f => f.Id),
        (FigureSort.Source, true) => rows.OrderByDescending(f => f.SourceTitle, StringComparer.Ordinal).ThenBy(f => f.Id),
        (_, true) => rows.OrderByDescending(f => f.Date).ThenByDescending(f => f.Time).ThenByDescending(f => f.Id),
        _ => rows.OrderBy(f => f.Date).ThenBy(f => f.Time).ThenBy(f => f.Id),
    };

    private async Task<Lookups> LookupsAsync(DateTime asOfUtc, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var metrics = await db.Metrics.AsNoTracking().ToDictionaryAsync(m => m.Code, m => (Name: m.Name, Kind: m.Kind), StringComparer.Ordinal, cancellationToken);
        var places = await db.Locations.AsNoTracking().ToDictionaryAsync(l => l.Code, l => l.Name, StringComparer.Ordinal, cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => (Name: u.Name, Kind: u.Kind), StringComparer.Ordinal, cancellationToken);
        var sourceIds = await db.Sources.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Id, StringComparer.Ordinal, cancellationToken);
        var then = new Dictionary<string, SourceThen>(StringComparer.Ordinal);
        await foreach (var s in reader.ReadSourcesAsync(asOfUtc, cancellationToken))
        {
            DateOnly? published = s.Published is { } p && FigureCsv.TryParseDate(p, out var d) ? d : null;
            TimeOnly? time = s.PublishedTime is { } t && FigureCsv.TryParseTime(t, out var parsed) ? parsed : null;
            var kind = Enum.TryParse<SourceKind>(s.Kind.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var k) ? k : default;
            then[s.Key] = new SourceThen(s.Key, s.Title, s.Publisher, published, time, s.Url, kind);
        }

        return new Lookups(metrics, places, units, sourceIds, sourceIds.ToDictionary(p => p.Value, p => p.Key), then);
    }

    private sealed record SourceThen(string Key, string Title, string Publisher, DateOnly? Published, TimeOnly? PublishedTime, string? Url, SourceKind Kind);

    private sealed record Lookups(
        Dictionary<string, (string Name, MetricKind Kind)> Metrics,
        Dictionary<string, string> Places,
        Dictionary<string, (string Name, UnitKind Kind)> Units,
        Dictionary<string, int> SourceIds,
        Dictionary<int, string> SourceKeys,
        Dictionary<string, SourceThen> SourcesThen)
    {
        public FigureRow ToRow(FigureRecord r)
        {
            var metric = Metrics.GetValueOrDefault(r.Metric, (Name: r.Metric, Kind: MetricKind.Stock));
            var unit = Units.GetValueOrDefault(r.Unit, (Name: r.Unit, Kind: UnitKind.Count));
            return new FigureRow(
                r.FigureId, r.Metric, metric.Name, metric.Kind, r.Location, Places.GetValueOrDefault(r.Location, r.Location), r.Date, r.Time,
                r.Value, r.Unit, unit.Name, unit.Kind, r.Decimals, r.Qualifier, SourceIds.GetValueOrDefault(r.Source), r.SourceTitle,
                r.SourcePublisher, r.SourceUrl, r.Note, r.SourcePhrase, r.Verified);
        }
    }
}
