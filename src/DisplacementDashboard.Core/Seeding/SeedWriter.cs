using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Seeding;

/// <summary>
/// Adds seed rows whose key is not in the store yet, in one transaction. Rows already present are left
/// as they are, so staff corrections are never overwritten and a second start adds nothing.
/// </summary>
public static class SeedWriter
{
    /// <summary>The user name seed revisions are recorded under.</summary>
    public const string SeedUser = "seed";

    public static async Task<SeedResult> ApplyAsync(DashboardDbContext db, SeedData seed, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var unitCodes = await db.Units.Select(u => u.Code).ToHashSetAsync(cancellationToken);
        var newUnits = seed.Units.Where(u => !unitCodes.Contains(u.Code)).ToList();
        var nextUnitId = (await db.Units.MaxAsync(u => (int?)u.Id, cancellationToken) ?? 0) + 1;
        var unitEntities = newUnits.Select(u => new Unit
        {
            Id = nextUnitId++, Code = u.Code, Name = u.Name, Kind = u.Kind, Decimals = u.Decimals, Currency = u.Currency, UpdatedAtUtc = nowUtc, UpdatedBy = SeedUser,
        }).ToList();
        db.Units.AddRange(unitEntities);

        var metricCodes = await db.Metrics.Select(m => m.Code).ToHashSetAsync(cancellationToken);
        var newMetrics = seed.Metrics.Where(m => !metricCodes.Contains(m.Code)).ToList();
        var metricEntities = newMetrics.Select(m => new Metric { Code = m.Code, Name = m.Name, Kind = m.Kind, Units = [.. m.Units], Description = m.Description, HxlHashtag = m.HxlHashtag, UpdatedAtUtc = nowUtc, UpdatedBy = SeedUser }).ToList();
        db.Metrics.AddRange(metricEntities);

        var sourceKeys = await db.Sources.Select(s => s.Key).ToHashSetAsync(cancellationToken);
        var newSources = seed.Sources.Where(s => !sourceKeys.Contains(s.Key)).ToList();
        var sourceEntities = newSources.Select(s => new Source { Key = s.Key, Title = s.Title, Publisher = s.Publisher, Published = s.Published, PublishedTime = s.PublishedTime, Url = s.Url, Kind = s.Kind, UpdatedAtUtc = nowUtc, UpdatedBy = SeedUser }).ToList();
        db.Sources.AddRange(sourceEntities);
        await db.SaveChangesAsync(cancellationToken);

        // Locations in file order, so a parent is saved before its children.
        var locationIds = await db.Locations.ToDictionaryAsync(l => l.Code, l => l.Id, cancellationToken);
        var locationEntities = new List<(Location Entity, string? ParentCode)>();
        foreach (var location in seed.Locations.Where(l => !locationIds.ContainsKey(l.Code)))
        {
            var entity = new Location
            {
                Code = location.Code,
                Name = location.Name,
                Level = location.Level,
                ParentId = location.ParentCode is null ? null : locationIds[location.ParentCode],
                PCode = location.PCode,
                NameHy = location.NameHy,
                NameRu = location.NameRu,
                UpdatedAtUtc = nowUtc,
                UpdatedBy = SeedUser,
            };
            db.Locations.Add(entity);
            await db.SaveChangesAsync(cancellationToken);
            locationIds[location.Code] = entity.Id;
            locationEntities.Add((entity, location.ParentCode));
        }

        var metricIds = await db.Metrics.ToDictionaryAsync(m => m.Code, m => m.Id, cancellationToken);
        var sourceIds = await db.Sources.ToDictionaryAsync(s => s.Key, s => s.Id, cancellationToken);
        var figureIds = await db.Figures.Where(f => f.ExternalId != null).Select(f => f.ExternalId!).ToHashSetAsync(cancellationToken);
        var newFigures = seed.Figures.Where(f => !figureIds.Contains(f.Id)).ToList();
        var figureEntities = newFigures.Select(f => new Figure
        {
            ExternalId = f.Id,
            MetricId = metricIds[f.MetricCode],
            LocationId = locationIds[f.LocationCode],
            ReferenceDate = f.Date,
            LocalTime = f.Time,
            Value = f.Value,
            UnitCode = f.UnitCode,
            Qualifier = f.Qualifier,
            SourceId = sourceIds[f.SourceKey],
            Note = f.Note,
            UpdatedAtUtc = nowUtc,
            UpdatedBy = SeedUser,
        }).ToList();
        db.Figures.AddRange(figureEntities);

        var eventKeys = await db.Events.Select(e => e.Key).ToHashSetAsync(cancellationToken);
        var newEvents = seed.Events.Where(e => !eventKeys.Contains(e.Key)).ToList();
        var eventEntities = newEvents.Select(e => new TimelineEvent
        {
            Key = e.Key,
            Date = e.Date,
            Precision = e.Precision,
            Title = e.Title,
            Description = e.Description,
            SourceId = sourceIds[e.SourceKey],
            UpdatedAtUtc = nowUtc,
            UpdatedBy = SeedUser,
        }).ToList();
        db.Events.AddRange(eventEntities);
        await db.SaveChangesAsync(cancellationToken);

        // Every seeded row starts its history, so "as of" views and history pages cover seed data too.
        var sourceKeys2 = await db.Sources.ToDictionaryAsync(s => s.Id, s => s.Key, cancellationToken);
        var metricCodes2 = metricIds.ToDictionary(p => p.Value, p => p.Key);
        var locationCodes2 = locationIds.ToDictionary(p => p.Value, p => p.Key);
        db.Revisions.AddRange(unitEntities.Select(u =>
            RevisionLog.Create(RevisionLog.UnitType, u.Id, 1, RevisionKind.Seeded, SeedUser, nowUtc, null, UnitSnapshot.Of(u))));
        db.Revisions.AddRange(metricEntities.Select(m =>
            RevisionLog.Create(RevisionLog.MetricType, m.Id, 1, RevisionKind.Seeded, SeedUser, nowUtc, null, MetricSnapshot.Of(m))));
        db.Revisions.AddRange(locationEntities.Select(l =>
            RevisionLog.Create(RevisionLog.LocationType, l.Entity.Id, 1, RevisionKind.Seeded, SeedUser, nowUtc, null, LocationSnapshot.Of(l.Entity, l.ParentCode))));
        db.Revisions.AddRange(sourceEntities.Select(s =>
            RevisionLog.Create(RevisionLog.SourceType, s.Id, 1, RevisionKind.Seeded, SeedUser, nowUtc, null, SourceSnapshot.Of(s))));
        db.Revisions.AddRange(figureEntities.Select(f =>
            RevisionLog.Create(RevisionLog.FigureType, f.Id, 1, RevisionKind.Seeded, SeedUser, nowUtc, null,
                FigureSnapshot.Of(f, metricCodes2[f.MetricId], locationCodes2[f.LocationId], sourceKeys2[f.SourceId]))));
        db.Revisions.AddRange(eventEntities.Select(e =>
            RevisionLog.Create(RevisionLog.EventType, e.Id, 1, RevisionKind.Seeded, SeedUser, nowUtc, null, EventSnapshot.Of(e, sourceKeys2[e.SourceId]))));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SeedResult(newUnits.Count, newMetrics.Count, locationEntities.Count, newSources.Count, newFigures.Count, newEvents.Count);
    }
}
