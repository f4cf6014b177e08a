using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Seeding;

/// <summary>
/// Adds seed rows whose key is not in the store yet, in one transaction. Rows already present are left
/// as they are, so staff corrections are never overwritten and a second start adds nothing.
/// </summary>
public static class SeedWriter
{
    public static async Task<SeedResult> ApplyAsync(DashboardDbContext db, SeedData seed, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var unitCodes = await db.Units.Select(u => u.Code).ToHashSetAsync(cancellationToken);
        var newUnits = seed.Units.Where(u => !unitCodes.Contains(u.Code)).ToList();
        db.Units.AddRange(newUnits.Select(u => new Unit { Code = u.Code, Name = u.Name, Kind = u.Kind, Decimals = u.Decimals }));

        var metricCodes = await db.Metrics.Select(m => m.Code).ToHashSetAsync(cancellationToken);
        var newMetrics = seed.Metrics.Where(m => !metricCodes.Contains(m.Code)).ToList();
        db.Metrics.AddRange(newMetrics.Select(m => new Metric { Code = m.Code, Name = m.Name, Kind = m.Kind, Units = [.. m.Units], Description = m.Description }));

        var sourceKeys = await db.Sources.Select(s => s.Key).ToHashSetAsync(cancellationToken);
        var newSources = seed.Sources.Where(s => !sourceKeys.Contains(s.Key)).ToList();
        db.Sources.AddRange(newSources.Select(s => new Source { Key = s.Key, Title = s.Title, Publisher = s.Publisher, Published = s.Published, Url = s.Url, Kind = s.Kind }));
        await db.SaveChangesAsync(cancellationToken);

        // Locations in file order, so a parent is saved before its children.
        var locationIds = await db.Locations.ToDictionaryAsync(l => l.Code, l => l.Id, cancellationToken);
        var newLocations = 0;
        foreach (var location in seed.Locations.Where(l => !locationIds.ContainsKey(l.Code)))
        {
            var entity = new Location
            {
                Code = location.Code,
                Name = location.Name,
                Level = location.Level,
                ParentId = location.ParentCode is null ? null : locationIds[location.ParentCode],
            };
            db.Locations.Add(entity);
            await db.SaveChangesAsync(cancellationToken);
            locationIds[location.Code] = entity.Id;
            newLocations++;
        }

        var metricIds = await db.Metrics.ToDictionaryAsync(m => m.Code, m => m.Id, cancellationToken);
        var sourceIds = await db.Sources.ToDictionaryAsync(s => s.Key, s => s.Id, cancellationToken);
        var figureIds = await db.Figures.Where(f => f.ExternalId != null).Select(f => f.ExternalId!).ToHashSetAsync(cancellationToken);
        var newFigures = seed.Figures.Where(f => !figureIds.Contains(f.Id)).ToList();
        db.Figures.AddRange(newFigures.Select(f => new Figure
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
        }));

        var eventKeys = await db.Events.Select(e => e.Key).ToHashSetAsync(cancellationToken);
        var newEvents = seed.Events.Where(e => !eventKeys.Contains(e.Key)).ToList();
        db.Events.AddRange(newEvents.Select(e => new TimelineEvent
        {
            Key = e.Key,
            Date = e.Date,
            Precision = e.Precision,
            Title = e.Title,
            Description = e.Description,
            SourceId = sourceIds[e.SourceKey],
        }));

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SeedResult(newUnits.Count, newMetrics.Count, newLocations, newSources.Count, newFigures.Count, newEvents.Count);
    }
}
