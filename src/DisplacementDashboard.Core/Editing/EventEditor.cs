using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Editing;

/// <summary>Adds and corrects timeline events; each change is checked, validated and recorded as a revision.</summary>
public sealed class EventEditor(
    IDbContextFactory<DashboardDbContext> contexts,
    IOptions<EditingOptions> options,
    TimeProvider time,
    FigureChangeNotifier notifier)
{
    public async Task<(EventInput Input, int Version)?> LoadAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var e = await db.Events.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return e is null ? null : (new EventInput { Date = e.Date, Precision = e.Precision, Title = e.Title, Description = e.Description, SourceId = e.SourceId }, e.Version);
    }

    public async Task<EditResult> CreateAsync(ClaimsPrincipal user, EventInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var errors = await ValidateAsync(db, input, cancellationToken);
        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var key = KeyAllocator.Next(await db.Events.Select(e => e.Key).ToListAsync(cancellationToken), 'E');
        var entity = new TimelineEvent
        {
            Key = key,
            Date = Normalise(input.Date!.Value, input.Precision),
            Precision = input.Precision,
            Title = input.Title.Trim(),
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            SourceId = input.SourceId!.Value,
            UpdatedAtUtc = now,
            UpdatedBy = userName,
        };
        db.Events.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        var sourceKey = await db.Sources.Where(s => s.Id == entity.SourceId).Select(s => s.Key).SingleAsync(cancellationToken);
        db.Revisions.Add(RevisionLog.Create(RevisionLog.EventType, entity.Id, 1, RevisionKind.Created, userName, now, null, EventSnapshot.Of(entity, sourceKey)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await notifier.NotifyAsync();
        return new EditResult(EditStatus.Saved, entity.Id, entity.Version);
    }

    public async Task<EditResult> CorrectAsync(ClaimsPrincipal user, int id, int expectedVersion, EventInput input, string? reason, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var errors = await ValidateAsync(db, input, cancellationToken);
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new FieldError(nameof(reason), "Say why the event is corrected."));
        }

        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var entity = await db.Events.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entity is null)
        {
            return new EditResult(EditStatus.NotFound);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var keyOf = await db.Sources.ToDictionaryAsync(s => s.Id, s => s.Key, cancellationToken);
        var before = EventSnapshot.Of(entity, keyOf[entity.SourceId]);
        db.Entry(entity).Property(e => e.Version).OriginalValue = expectedVersion;
        entity.Date = Normalise(input.Date!.Value, input.Precision);
        entity.Precision = input.Precision;
        entity.Title = input.Title.Trim();
        entity.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        entity.SourceId = input.SourceId!.Value;
        entity.Version = expectedVersion + 1;
        entity.UpdatedAtUtc = now;
        entity.UpdatedBy = userName;
        db.Revisions.Add(RevisionLog.Create(RevisionLog.EventType, id, entity.Version, RevisionKind.Corrected, userName, now, before, EventSnapshot.Of(entity, keyOf[entity.SourceId]), reason!.Trim()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (SaveConflicts.IsLostRace(ex))
        {
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            var current = await fresh.Events.AsNoTracking().SingleAsync(e => e.Id == id, cancellationToken);
            return new EditResult(EditStatus.Conflict, id, Conflict: new ConflictInfo(current.Title, current.UpdatedBy, current.UpdatedAtUtc, current.Version));
        }

        await notifier.NotifyAsync();
        return new EditResult(EditStatus.Saved, id, entity.Version);
    }

    private async Task<List<FieldError>> ValidateAsync(DashboardDbContext db, EventInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var dates = ReferenceDates.From(options.Value, time);
        if (input.Date is not { } date)
        {
            errors.Add(new FieldError(nameof(EventInput.Date), "Give the event's date."));
        }
        else if (!dates.Contains(date))
        {
            errors.Add(new FieldError(nameof(EventInput.Date), $"The date must lie between {dates.Earliest:yyyy-MM-dd} and {dates.Latest:yyyy-MM-dd}."));
        }

        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors.Add(new FieldError(nameof(EventInput.Title), "Give a short title; it labels the timeline."));
        }
        else if (input.Title.Trim().Length > 60)
        {
            errors.Add(new FieldError(nameof(EventInput.Title), "Keep the title to 60 characters so it fits on the chart."));
        }

        if (input.SourceId is not { } sourceId || !await db.Sources.AnyAsync(s => s.Id == sourceId, cancellationToken))
        {
            errors.Add(new FieldError(nameof(EventInput.SourceId), "Every event needs a source."));
        }

        return errors;
    }

    private static DateOnly Normalise(DateOnly date, DatePrecision precision) =>
        precision == DatePrecision.Month ? new DateOnly(date.Year, date.Month, 1) : date;
}
