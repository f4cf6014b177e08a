using System.Runtime.CompilerServices;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.History;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// Reads figures, sources and events for exports and the read API, either as they are now or as they were at an
/// instant (from the revision history). Rows are streamed from the database, one context per call.
/// </summary>
public sealed class FigureRecordReader(IDbContextFactory<DashboardDbContext> contextFactory)
{
    /// <summary>
    /// The figures matching <paramref name="query"/>, ordered by figure id. With <see cref="FigureRecordQuery.AsOfUtc"/>:
    /// for each figure the latest revision at or before that instant; figures retracted then, or not created yet,
    /// are left out. Without it: the Figures table, retracted figures left out.
    /// </summary>
    public async IAsyncEnumerable<FigureRecord> ReadAsync(FigureRecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        query = await WithinAsync(db, query, cancellationToken);
        if (query.AsOfUtc is not { } asOf)
        {
            await foreach (var record in Current(db, query).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                yield return record;
            }

            yield break;
        }

        // Units and sources are small lookup tables; figures are streamed.
        var decimals = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Decimals, StringComparer.Ordinal, cancellationToken);
        var sources = new Dictionary<string, SourceSnapshot>(StringComparer.Ordinal);
        await foreach (var source in ReadSourcesAsync(db, asOf, cancellationToken))
        {
            sources[source.Key] = source;
        }

        await foreach (var revision in LatestRevisions(db, RevisionLog.FigureType, asOf).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var snapshot = RevisionLog.Read<FigureSnapshot>(revision.NewValues);
            if (snapshot.Retracted || !FigureCsv.TryParseDate(snapshot.Date, out var date))
            {
                continue;
            }

            if (!query.Matches(snapshot.Metric, snapshot.Location, snapshot.Source, date))
            {
                continue;
            }

            sources.TryGetValue(snapshot.Source, out var source);
            if (query.PublishedBy is { } cutoff
                && !cutoff.Admits(
                    source?.Published is { } sp && FigureCsv.TryParseDate(sp, out var spd) ? spd : null,
                    source?.PublishedTime is { } st && FigureCsv.TryParseTime(st, out var stt) ? stt : null))
            {
                continue;
            }

            TimeOnly? time = snapshot.Time is { } t && FigureCsv.TryParseTime(t, out var parsed) ? parsed : null;
            yield return new FigureRecord(
                revision.EntityId,
                revision.Number,
                snapshot.ExternalId,
                snapshot.Metric,
                snapshot.Location,
                date,
                time,
                snapshot.Value,
                snapshot.Unit,
                decimals.GetValueOrDefault(snapshot.Unit),
                FigureCsv.ParseQualifier(snapshot.Qualifier) ?? Domain.Qualifier.Exact,
                snapshot.Source,
                source?.Title ?? "",
                source?.Publisher ?? "",
                source?.Url,
                source?.Published is { } published && FigureCsv.TryParseDate(published, out var p) ? p : null,
                snapshot.Note,
                snapshot.SourcePhrase,
                // Every other kind of change clears a verification, so a figure was verified then if its latest revision was one.
                revision.Kind == Domain.RevisionKind.Verified);
        }
    }

    /// <summary>How many figures <see cref="ReadAsync"/> would give.</summary>
    public async Task<int> CountAsync(FigureRecordQuery query, CancellationToken cancellationToken = default)
    {
        if (query.AsOfUtc is null)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            return await Filter(db, await WithinAsync(db, query, cancellationToken)).CountAsync(cancellationToken);
        }

        var count = 0;
        await foreach (var _ in ReadAsync(query, cancellationToken))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// One page of the figures, ordered by figure id, and the total matching the query: from the Figures table, or, with
    /// <see cref="FigureRecordQuery.AsOfUtc"/>, from the revisions (streamed, only the page kept).
    /// </summary>
    public async Task<(IReadOnlyList<FigureRecord> Items, int Total)> GetPageAsync(FigureRecordQuery query, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (query.AsOfUtc is not null)
        {
            var page = new List<FigureRecord>();
            var count = 0;
            await foreach (var record in ReadAsync(query, cancellationToken))
            {
                if (count >= skip && page.Count < take)
                {
                    page.Add(record);
                }

                count++;
            }

            return (page, count);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        query = await WithinAsync(db, query, cancellationToken);
        var total = await Filter(db, query).CountAsync(cancellationToken);
        var items = await Current(db, query).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>Sources ordered by key, as they are now or as they were at <paramref name="asOfUtc"/>.</summary>
    public async IAsyncEnumerable<SourceSnapshot> ReadSourcesAsync(DateTime? asOfUtc, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (asOfUtc is { } asOf)
        {
            await foreach (var source in ReadSourcesAsync(db, asOf, cancellationToken))
            {
                yield return source;
            }

            yield break;
        }

        await foreach (var source in db.Sources.AsNoTracking().OrderBy(s => s.Key).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return SourceSnapshot.Of(source);
        }
    }

    /// <summary>Timeline events ordered by key, as they are now or as they were at <paramref name="asOfUtc"/>.</summary>
    public async IAsyncEnumerable<EventSnapshot> ReadEventsAsync(DateTime? asOfUtc, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (asOfUtc is { } asOf)
        {
            var events = new List<EventSnapshot>();
            await foreach (var revision in LatestRevisions(db, RevisionLog.EventType, asOf).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                events.Add(RevisionLog.Read<EventSnapshot>(revision.NewValues));
            }

            foreach (var e in events.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                yield return e;
            }

            yield break;
        }

        var query = db.Events.AsNoTracking().OrderBy(e => e.Key).Select(e => new { Event = e, SourceKey = e.Source.Key });
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return EventSnapshot.Of(row.Event, row.SourceKey);
        }
    }

    /// <summary>
    /// Sources as they were at <paramref name="asOf"/>: the latest revision of each source at or before it. A source
    /// with no revision at all (only possible in a store older than the revision history) is taken as it is now.
    /// </summary>
    private static async IAsyncEnumerable<SourceSnapshot> ReadSourcesAsync(DashboardDbContext db, DateTime asOf, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var snapshots = new Dictionary<int, SourceSnapshot>();
        await foreach (var revision in LatestRevisions(db, RevisionLog.SourceType, asOf).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            snapshots[revision.EntityId] = RevisionLog.Read<SourceSnapshot>(revision.NewValues);
        }

        var unrevised = await db.Sources.AsNoTracking()
            .Where(s => !db.Revisions.Any(r => r.EntityType == RevisionLog.SourceType && r.EntityId == s.Id))
            .ToListAsync(cancellationToken);
        foreach (var source in snapshots.Values.Concat(unrevised.Select(SourceSnapshot.Of)).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            yield return source;
        }
    }

    /// <summary>For each entity of the type, its latest revision at or before <paramref name="asOf"/>, by entity id.</summary>
    private static IQueryable<LatestRevision> LatestRevisions(DashboardDbContext db, string entityType, DateTime asOf) =>
        db.Revisions.AsNoTracking()
            .Where(r => r.EntityType == entityType && r.AtUtc <= asOf
                        && !db.Revisions.Any(later => later.EntityType == entityType && later.EntityId == r.EntityId && later.AtUtc <= asOf && later.Number > r.Number))
            .OrderBy(r => r.EntityId)
            .Select(r => new LatestRevision(r.EntityId, r.Number, r.NewValues, r.Kind));

    /// <summary>A place filter takes in the places inside it (Syunik: Goris and Kornidzor too).</summary>
    private static async Task<FigureRecordQuery> WithinAsync(DashboardDbContext db, FigureRecordQuery query, CancellationToken cancellationToken) =>
        query is { Location: { } location, Within: null }
            ? query with { Within = await Figures.LocationTree.WithinAsync(db, location, cancellationToken) }
            : query;

    private static IQueryable<Domain.Figure> Filter(DashboardDbContext db, FigureRecordQuery query)
    {
        var figures = db.Figures.AsNoTracking().Where(f => !f.IsRetracted);
        if (query.Metric is { } metric)
        {
            figures = figures.Where(f => f.Metric.Code == metric);
        }

        if (query.Location is { } location)
        {
            var codes = query.Within ?? [location];
            figures = codes.Count == 1 ? figures.Where(f => f.Location.Code == location) : figures.Where(f => codes.Contains(f.Location.Code));
        }

        if (query.Source is { } source)
        {
            figures = figures.Where(f => f.Source.Key == source);
        }

        if (query.From is { } from)
        {
            figures = figures.Where(f => f.ReferenceDate >= from);
        }

        if (query.To is { } to)
        {
            figures = figures.Where(f => f.ReferenceDate <= to);
        }

        if (query.PublishedBy is { } cutoff)
        {
            var (day, time) = (cutoff.Day, cutoff.Time);
            figures = figures.Where(f => f.Source.Published < day || (f.Source.Published == day && f.Source.PublishedTime != null && f.Source.PublishedTime <= time));
        }

        return figures;
    }

    private static IQueryable<FigureRecord> Current(DashboardDbContext db, FigureRecordQuery query) =>
        Filter(db, query).OrderBy(f => f.Id).Select(f => new FigureRecord(
            f.Id,
            f.Version,
            f.ExternalId,
            f.Metric.Code,
            f.Location.Code,
            f.ReferenceDate,
            f.LocalTime,
            f.Value,
            f.UnitCode,
            f.Unit.Decimals,
            f.Qualifier,
            f.Source.Key,
            f.Source.Title,
            f.Source.Publisher,
            f.Source.Url,
            f.Source.Published,
            f.Note,
            f.SourcePhrase,
            f.VerifiedAtUtc != null));

    private sealed record LatestRevision(int EntityId, int Number, string NewValues, Domain.RevisionKind Kind);
}
