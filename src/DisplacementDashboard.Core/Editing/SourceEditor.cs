using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Editing;

/// <summary>Adds and corrects sources (reports). Every change is checked, validated and recorded as a revision.</summary>
public sealed class SourceEditor(
    IDbContextFactory<DashboardDbContext> contexts,
    IOptions<EditingOptions> options,
    TimeProvider time,
    FigureChangeNotifier notifier)
{
    public async Task<(SourceInput Input, int Version)?> LoadAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var s = await db.Sources.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return s is null ? null : (new SourceInput { Title = s.Title, Publisher = s.Publisher, Published = s.Published, PublishedTime = s.PublishedTime, Url = s.Url, Kind = s.Kind }, s.Version);
    }

    public async Task<EditResult> CreateAsync(ClaimsPrincipal user, SourceInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var errors = Validate(input, options.Value.EarliestReferenceDate, Latest());
        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var source = await AddAsync(db, input, userName, time.GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await notifier.NotifyAsync();
        return new EditResult(EditStatus.Saved, source.Id, source.Version);
    }

    public async Task<EditResult> CorrectAsync(ClaimsPrincipal user, int id, int expectedVersion, SourceInput input, string? reason, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var errors = Validate(input, options.Value.EarliestReferenceDate, Latest());
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new FieldError(nameof(reason), "Say why the source is corrected."));
        }

        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var source = await db.Sources.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (source is null)
        {
            return new EditResult(EditStatus.NotFound);
        }

        if (input.Published is { } published && published != source.Published)
        {
            var (count, latest) = await LaterFiguresAsync(db, id, published, [], cancellationToken);
            if (ReferenceDates.BeforeItsFigures(published, latest, count) is { } tooEarly)
            {
                return new EditResult(EditStatus.Invalid, Errors: [new FieldError(nameof(SourceInput.Published), tooEarly)]);
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        var before = SourceSnapshot.Of(source);
        db.Entry(source).Property(s => s.Version).OriginalValue = expectedVersion;
        source.Title = input.Title.Trim();
        source.Publisher = input.Publisher.Trim();
        source.Published = input.Published;
        source.PublishedTime = input.Published is null ? null : input.PublishedTime;
        source.Url = string.IsNullOrWhiteSpace(input.Url) ? null : input.Url.Trim();
        source.Kind = input.Kind;
        source.Version = expectedVersion + 1;
        source.UpdatedAtUtc = now;
        source.UpdatedBy = userName;
        db.Revisions.Add(RevisionLog.Create(RevisionLog.SourceType, id, source.Version, RevisionKind.Corrected, userName, now, before, SourceSnapshot.Of(source), reason!.Trim()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (SaveConflicts.IsLostRace(ex))
        {
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            var current = await fresh.Sources.AsNoTracking().SingleAsync(s => s.Id == id, cancellationToken);
            return new EditResult(EditStatus.Conflict, id, Conflict: new ConflictInfo(current.Title, current.UpdatedBy, current.UpdatedAtUtc, current.Version));
        }

        await notifier.NotifyAsync();
        return new EditResult(EditStatus.Saved, id, source.Version);
    }

    /// <summary>
    /// The figures of source <paramref name="sourceId"/> (retracted ones too: they may be restored) dated after
    /// <paramref name="published"/>, leaving out <paramref name="except"/>: how many, and the latest day.
    /// </summary>
    internal static async Task<(int Count, DateOnly? Latest)> LaterFiguresAsync(DashboardDbContext db, int sourceId, DateOnly published, IReadOnlyCollection<int> except, CancellationToken cancellationToken)
    {
        var later = db.Figures.AsNoTracking().Where(f => f.SourceId == sourceId && f.ReferenceDate > published && !except.Contains(f.Id));
        var count = await later.CountAsync(cancellationToken);
        return count == 0 ? (0, null) : (count, await later.MaxAsync(f => f.ReferenceDate, cancellationToken));
    }

    /// <summary>Checks a source's fields; used for inline sources on the figure form too.</summary>
    public static List<FieldError> Validate(SourceInput input, DateOnly earliest, DateOnly latest)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors.Add(new FieldError(nameof(SourceInput.Title), "Give the report's title (or who said it, and where)."));
        }
        else if (input.Title.Length > 500)
        {
            errors.Add(new FieldError(nameof(SourceInput.Title), "Keep the title under 500 characters."));
        }

        if (string.IsNullOrWhiteSpace(input.Publisher))
        {
            errors.Add(new FieldError(nameof(SourceInput.Publisher), "Say who published it."));
        }
        else if (input.Publisher.Length > 200)
        {
            errors.Add(new FieldError(nameof(SourceInput.Publisher), "Keep the publisher under 200 characters."));
        }

        if (input.Published is { } published && (published < earliest || published > latest))
        {
            errors.Add(new FieldError(nameof(SourceInput.Published), $"The publication date must lie between {earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd}."));
        }

        if (input.PublishedTime is not null && input.Published is null)
        {
            errors.Add(new FieldError(nameof(SourceInput.PublishedTime), "A time of publication needs the date too."));
        }

        if (!string.IsNullOrWhiteSpace(input.Url)
            && !(Uri.TryCreate(input.Url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add(new FieldError(nameof(SourceInput.Url), "The address must start with https:// or http://."));
        }

        return errors;
    }

    /// <summary>Adds a source and its first revision inside the caller's transaction.</summary>
    internal static async Task<Source> AddAsync(DashboardDbContext db, SourceInput input, string userName, DateTime now, CancellationToken cancellationToken)
    {
        var key = KeyAllocator.Next(await db.Sources.Select(s => s.Key).ToListAsync(cancellationToken), 'S');
        var source = new Source
        {
            Key = key,
            Title = input.Title.Trim(),
            Publisher = input.Publisher.Trim(),
            Published = input.Published,
            PublishedTime = input.Published is null ? null : input.PublishedTime,
            Url = string.IsNullOrWhiteSpace(input.Url) ? null : input.Url.Trim(),
            Kind = input.Kind,
            UpdatedAtUtc = now,
            UpdatedBy = userName,
        };
        db.Sources.Add(source);
        await db.SaveChangesAsync(cancellationToken);
        db.Revisions.Add(RevisionLog.Create(RevisionLog.SourceType, source.Id, 1, RevisionKind.Created, userName, now, null, SourceSnapshot.Of(source)));
        await db.SaveChangesAsync(cancellationToken);
        return source;
    }

    private DateOnly Latest() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(options.Value.MaxDaysInFuture);
}
