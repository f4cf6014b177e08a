using System.Globalization;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Series;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Figures;

/// <summary>EF Core implementation of <see cref="IFigureQueries"/>: one context per call, no tracking.</summary>
/// <param name="contextFactory">One context per call.</param>
/// <param name="notifier">
/// When given (as registered in DI), the grid's totals and the sources list (figures per source) are remembered until
/// the next committed change: counting every shown figure is what grows with the store (docs/performance.md).
/// Without it nothing is cached.
/// </param>
public sealed class FigureQueries(IDbContextFactory<DashboardDbContext> contextFactory, FigureChangeNotifier? notifier = null) : IFigureQueries
{
    private readonly object _rememberedGate = new();
    private (long Version, Dictionary<string, object> Values) _remembered = (-1, []);

    public async Task<IReadOnlyList<FigureRow>> GetFiguresAsync(FigureFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // The dashboards' shapes (metrics only; one source) run precompiled: no expression tree to build and look up.
        return filter switch
        {
            { MetricCodes.Count: > 0, LocationCode: null, SourceId: null, From: null, To: null, PublishedBy: null, VerifiedOnly: false } =>
                await ListAsync(ByMetricCodes.For(db)(db, [.. filter.MetricCodes]), cancellationToken),
            { MetricCodes: null or { Count: 0 }, LocationCode: null, SourceId: { } sourceId, From: null, To: null, PublishedBy: null, VerifiedOnly: false } =>
                await ListAsync(BySource.For(db)(db, sourceId), cancellationToken),
            _ => await Project(Order(Apply(db.Figures.AsNoTracking(), filter, await WithinAsync(db, filter, cancellationToken)), FigureSort.Date, descending: false)).ToListAsync(cancellationToken),
        };
    }

    public async Task<IReadOnlyList<FigureRow>> GetAidFiguresAsync(PublishedCutoff? publishedBy = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (publishedBy is { } cutoff)
        {
            var (day, time) = (cutoff.Day, cutoff.Time);
            return await ListAsync(AidPublishedBy.For(db)(db, day, time), cancellationToken);
        }

        return await ListAsync(Aid.For(db)(db), cancellationToken);
    }

    public async Task<FigurePage> GetPageAsync(FigureFilter filter, int skip, int take, FigureSort sort, bool descending, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = Apply(db.Figures.AsNoTracking(), filter, await WithinAsync(db, filter, cancellationToken));
        var total = await TotalAsync(db, query, filter, cancellationToken);
        var rows = await Project(Order(query, sort, descending)).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);

        // Disagreements are judged against every figure of the same metric, place and day, not just this page.
        var metricCodes = rows.Select(r => r.MetricCode).Distinct().ToList();
        var days = rows.Select(r => r.Date).Distinct().ToList();
        // Metric ids from a subquery rather than a join on the metric's code: SQLite then checks the day in the
        // (MetricId, LocationId, ReferenceDate, ...) index before reading a figure row (2.6 ms -> 0.8 ms at 1M figures).
        var metricIds = db.Metrics.Where(m => metricCodes.Contains(m.Code)).Select(m => m.Id);
        // At knownAt, only figures published by then can disagree (a later source is not shown as a conflict).
        var peers = await Project(PublishedBy(db.Figures.AsNoTracking().Where(f => !f.IsRetracted && metricIds.Contains(f.MetricId) && days.Contains(f.ReferenceDate)), filter.PublishedBy))
            .ToListAsync(cancellationToken);
        var pageIds = rows.Select(r => r.Id).ToHashSet();
        var disagreements = ConflictDetector.Find(peers).Where(d => pageIds.Contains(d.Key)).ToDictionary(d => d.Key, d => d.Value);
        return new FigurePage(rows, total, disagreements);
    }

    private Task<int> TotalAsync(DashboardDbContext db, IQueryable<Figure> query, FigureFilter filter, CancellationToken cancellationToken) =>
        RememberedAsync(
            "total\u001f" + string.Join('\u001f', string.Join('\u001e', filter.MetricCodes ?? []), filter.LocationCode, filter.SourceId, filter.From, filter.To, filter.PublishedBy, filter.VerifiedOnly),
            () => filter switch
            {
                { PublishedBy: not null } or { VerifiedOnly: true } => query.CountAsync(cancellationToken),
                // The whole store, or one source: the counts the triggers keep (SourceFigureCount), not a count of every figure.
                { MetricCodes: null or { Count: 0 }, LocationCode: null, From: null, To: null, SourceId: null } =>
                    db.SourceFigureCounts.SumAsync(c => c.Shown, cancellationToken),
                { MetricCodes: null or { Count: 0 }, LocationCode: null, From: null, To: null, SourceId: { } sourceId } =>
                    db.SourceFigureCounts.Where(c => c.SourceId == sourceId).Select(c => c.Shown).FirstOrDefaultAsync(cancellationToken),
                _ => query.CountAsync(cancellationToken),
            });

    /// <summary>Reads through the per-version memory when there is a notifier; a value read while a change commits is not kept.</summary>
    private async Task<T> RememberedAsync<T>(string key, Func<Task<T>> load)
        where T : notnull
    {
        if (notifier is null)
        {
            return await load();
        }

        var version = notifier.Version;
        lock (_rememberedGate)
        {
            if (_remembered.Version == version && _remembered.Values.TryGetValue(key, out var known))
            {
                return (T)known;
            }
        }

        var value = await load();
        lock (_rememberedGate)
        {
            if (_remembered.Version != version)
            {
                _remembered = (version, []);
            }

            if (notifier.Version == version)
            {
                _remembered.Values[key] = value;
            }
        }

        return value;
    }

    public async Task<IReadOnlyList<EventRow>> GetEventsAsync(PublishedCutoff? publishedBy = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (publishedBy is { } cutoff)
        {
            var (day, time) = (cutoff.Day, cutoff.Time);
            return await db.Events.AsNoTracking()
                .Where(e => e.Source.Published < day || (e.Source.Published == day && e.Source.PublishedTime != null && e.Source.PublishedTime <= time))
                .OrderBy(e => e.Date)
                .Select(e => new EventRow(e.Id, e.Date, e.Precision, e.Title, e.Description, e.SourceId, e.Source.Title, e.Source.Url))
                .ToListAsync(cancellationToken);
        }

        return await ListAsync(Events.For(db)(db), cancellationToken);
    }

    public Task<IReadOnlyList<SourceSummary>> GetSourcesAsync(CancellationToken cancellationToken = default) =>
        RememberedAsync<IReadOnlyList<SourceSummary>>("sources", async () =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            return await db.Sources.AsNoTracking()
                .OrderBy(s => s.Key)
                .Select(s => new SourceSummary(s.Id, s.Key, s.Title, s.Publisher, s.Published, s.Url, s.Kind, db.SourceFigureCounts.Where(c => c.SourceId == s.Id).Select(c => c.Shown).FirstOrDefault(), s.PublishedTime))
                .ToListAsync(cancellationToken);
        });

    public async Task<SourceSummary?> GetSourceAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Sources.AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new SourceSummary(s.Id, s.Key, s.Title, s.Publisher, s.Published, s.Url, s.Kind, db.SourceFigureCounts.Where(c => c.SourceId == s.Id).Select(c => c.Shown).FirstOrDefault(), s.PublishedTime))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<FilterOptions> GetFilterOptionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Three drop-downs, one connection.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var metrics = await ListAsync(MetricOptions.For(db)(db), cancellationToken);
        var locations = await ListAsync(LocationOptions.For(db)(db), cancellationToken);
        var sources = await ListAsync(SourceOptions.For(db)(db), cancellationToken);
        return new FilterOptions(metrics, locations, sources.Select(s => new Option(s.Id.ToString(CultureInfo.InvariantCulture), s.Title)).ToList());
    }

    /// <summary>The filter's place and the places inside it (<see cref="LocationTree"/>), or null without a place filter.</summary>
    private static async Task<IReadOnlyList<string>?> WithinAsync(DashboardDbContext db, FigureFilter filter, CancellationToken cancellationToken) =>
        filter.LocationCode is { Length: > 0 } location ? await LocationTree.WithinAsync(db, location, cancellationToken) : null;

    private static IQueryable<Figure> Apply(IQueryable<Figure> query, FigureFilter filter, IReadOnlyList<string>? within)
    {
        // Retracted figures stay in the store and its history, never on the dashboards.
        query = query.Where(f => !f.IsRetracted);
        if (filter.VerifiedOnly)
        {
            // Only figures a second editor checked (the "Verified only" switch, /figures?verified=true).
            query = query.Where(f => f.VerifiedAtUtc != null);
        }

        if (filter.MetricCodes is { Count: > 0 } codes)
        {
            query = query.Where(f => codes.Contains(f.Metric.Code));
        }

        if (filter.LocationCode is { Length: > 0 } location)
        {
            var places = within ?? [location];
            query = places.Count == 1 ? query.Where(f => f.Location.Code == location) : query.Where(f => places.Contains(f.Location.Code));
        }

        if (filter.SourceId is { } sourceId)
        {
            query = query.Where(f => f.SourceId == sourceId);
        }

        if (filter.From is { } from)
        {
            query = query.Where(f => f.ReferenceDate >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(f => f.ReferenceDate <= to);
        }

        return PublishedBy(query, filter.PublishedBy);
    }

    /// <summary>KnownWhen.IsPublished as SQL: a source dated before the Yerevan day, or on it with a time at or before the instant's.</summary>
    private static IQueryable<Figure> PublishedBy(IQueryable<Figure> query, History.PublishedCutoff? cutoff)
    {
        if (cutoff is not { } c)
        {
            return query;
        }

        var (day, time) = (c.Day, c.Time);
        return query.Where(f => f.Source.Published < day || (f.Source.Published == day && f.Source.PublishedTime != null && f.Source.PublishedTime <= time));
    }

    /// <summary>The grid's orders, also used for the retracted figures (<see cref="RetractedFigureQueries"/>).</summary>
    internal static IQueryable<Figure> Order(IQueryable<Figure> query, FigureSort sort, bool descending) => (sort, descending) switch
    {
        (FigureSort.Metric, false) => query.OrderBy(f => f.Metric.Name).ThenBy(f => f.ReferenceDate).ThenBy(f => f.Id),
        (FigureSort.Metric, true) => query.OrderByDescending(f => f.Metric.Name).ThenBy(f => f.ReferenceDate).ThenBy(f => f.Id),
        (FigureSort.Location, false) => query.OrderBy(f => f.Location.Name).ThenBy(f => f.ReferenceDate).ThenBy(f => f.Id),
        (FigureSort.Location, true) => query.OrderByDescending(f => f.Location.Name).ThenBy(f => f.ReferenceDate).ThenBy(f => f.Id),
        // Values are only comparable within one unit (100,000 people and 100,000 US dollars say nothing about each
        // other, and Value is stored in 10^-decimals of its unit): group by unit kind, unit, then value. The groups keep
        // their order both ways; only the values within a unit turn round.
        (FigureSort.Value, false) => ByUnit(query).ThenBy(f => f.Value).ThenBy(f => f.Id),
        (FigureSort.Value, true) => ByUnit(query).ThenByDescending(f => f.Value).ThenBy(f => f.Id),
        (FigureSort.Source, false) => query.OrderBy(f => f.Source.Title).ThenBy(f => f.Id),
        (FigureSort.Source, true) => query.OrderByDescending(f => f.Source.Title).ThenBy(f => f.Id),
        (_, true) => query.OrderByDescending(f => f.ReferenceDate).ThenByDescending(f => f.LocalTime).ThenByDescending(f => f.Id),
        _ => query.OrderBy(f => f.ReferenceDate).ThenBy(f => f.LocalTime).ThenBy(f => f.Id),
    };

    private static IOrderedQueryable<Figure> ByUnit(IQueryable<Figure> query) =>
        query.OrderBy(f => f.Unit.Kind).ThenBy(f => f.Unit.Name).ThenBy(f => f.UnitCode);

    private static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            list.Add(row);
        }

        return list;
    }

    // Declared before the compiled queries below: static fields initialise in order.
    internal static readonly System.Linq.Expressions.Expression<Func<Figure, FigureRow>> ToRow = f => new FigureRow(
        f.Id,
        f.Metric.Code,
        f.Metric.Name,
        f.Metric.Kind,
        f.Location.Code,
        f.Location.Name,
        f.ReferenceDate,
        f.LocalTime,
        f.Value,
        f.UnitCode,
        f.Unit.Name,
        f.Unit.Kind,
        f.Unit.Decimals,
        f.Qualifier,
        f.SourceId,
        f.Source.Title,
        f.Source.Publisher,
        f.Source.Url,
        f.Note,
        f.SourcePhrase,
        f.VerifiedAtUtc != null);

    // Precompiled queries (EF.CompileAsyncQuery) for the reads every dashboard visit makes. Each has the same filter,
    // order and projection as Apply, Order(Date) and Project above; FigureQueriesTests holds them to it.
    private static readonly PerModel<Func<DashboardDbContext, string[], IAsyncEnumerable<FigureRow>>> ByMetricCodes =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db, string[] codes) => db.Figures.AsNoTracking()
            .Where(f => !f.IsRetracted && codes.Contains(f.Metric.Code))
            .OrderBy(f => f.ReferenceDate).ThenBy(f => f.LocalTime).ThenBy(f => f.Id)
            .Select(ToRow)));

    private static readonly PerModel<Func<DashboardDbContext, int, IAsyncEnumerable<FigureRow>>> BySource =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db, int sourceId) => db.Figures.AsNoTracking()
            .Where(f => !f.IsRetracted && f.SourceId == sourceId)
            .OrderBy(f => f.ReferenceDate).ThenBy(f => f.LocalTime).ThenBy(f => f.Id)
            .Select(ToRow)));

    /// <summary>The aid page's metrics (<see cref="Dashboard.AidGrouping"/>), as SQL.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<Metric, bool>> IsAidMetric = m => m.Kind == MetricKind.Money
        || m.Code.StartsWith(Dashboard.AidGrouping.WfpPrefix)
        || m.Code.StartsWith(Dashboard.AidGrouping.RrpPrefix)
        || m.Code.StartsWith(Dashboard.AidGrouping.PlanningPrefix)
        || m.Code.Contains(Dashboard.AidGrouping.PaymentRecipients);

    // Selecting the metrics first lets SQLite walk the figures' MetricId index instead of scanning every figure.
    private static readonly PerModel<Func<DashboardDbContext, IAsyncEnumerable<FigureRow>>> Aid =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db) => db.Figures.AsNoTracking()
            .Where(f => !f.IsRetracted && db.Metrics
                .Where(IsAidMetric)
                .Select(m => m.Id)
                .Contains(f.MetricId))
            .OrderBy(f => f.ReferenceDate).ThenBy(f => f.LocalTime).ThenBy(f => f.Id)
            .Select(ToRow)));

    private static readonly PerModel<Func<DashboardDbContext, DateOnly, TimeOnly, IAsyncEnumerable<FigureRow>>> AidPublishedBy =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db, DateOnly day, TimeOnly time) => db.Figures.AsNoTracking()
            .Where(f => !f.IsRetracted && db.Metrics
                .Where(IsAidMetric)
                .Select(m => m.Id)
                .Contains(f.MetricId))
            .Where(f => f.Source.Published < day || (f.Source.Published == day && f.Source.PublishedTime != null && f.Source.PublishedTime <= time))
            .OrderBy(f => f.ReferenceDate).ThenBy(f => f.LocalTime).ThenBy(f => f.Id)
            .Select(ToRow)));

    private static readonly PerModel<Func<DashboardDbContext, IAsyncEnumerable<EventRow>>> Events =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db) => db.Events.AsNoTracking()
            .OrderBy(e => e.Date)
            .Select(e => new EventRow(e.Id, e.Date, e.Precision, e.Title, e.Description, e.SourceId, e.Source.Title, e.Source.Url))));

    private static readonly PerModel<Func<DashboardDbContext, IAsyncEnumerable<Option>>> MetricOptions =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db) => db.Metrics.AsNoTracking().OrderBy(m => m.Name).Select(m => new Option(m.Code, m.Name))));

    private static readonly PerModel<Func<DashboardDbContext, IAsyncEnumerable<Option>>> LocationOptions =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db) => db.Locations.AsNoTracking().OrderBy(l => l.Code).Select(l => new Option(l.Code, l.Name))));

    private sealed record SourceOption(int Id, string Title);

    private static readonly PerModel<Func<DashboardDbContext, IAsyncEnumerable<SourceOption>>> SourceOptions =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db) => db.Sources.AsNoTracking().OrderBy(s => s.Key).Select(s => new SourceOption(s.Id, s.Title))));

    private static IQueryable<FigureRow> Project(IQueryable<Figure> query) => query.Select(ToRow);
}
