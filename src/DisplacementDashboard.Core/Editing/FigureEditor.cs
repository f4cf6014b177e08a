using System.Globalization;
using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// Creates, corrects and retracts figures. Every change checks the user's role in the store, validates the
/// input with a message per field, writes a revision in the same transaction, and refuses to overwrite a
/// newer version (app-managed concurrency token). Nothing is ever deleted.
/// </summary>
public sealed class FigureEditor(
    IDbContextFactory<DashboardDbContext> contexts,
    IOptions<EditingOptions> options,
    TimeProvider time,
    FigureChangeNotifier notifier,
    Plausibility plausibility)
{
    public async Task<FigureForEdit?> LoadAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Figures.AsNoTracking().Where(f => f.Id == id).Select(f => new FigureForEdit(
            f.Id,
            f.Version,
            new FigureInput
            {
                MetricCode = f.Metric.Code,
                LocationCode = f.Location.Code,
                Date = f.ReferenceDate,
                Time = f.LocalTime,
                ValueText = f.Value.ToString(CultureInfo.InvariantCulture),
                UnitCode = f.UnitCode,
                Qualifier = f.Qualifier,
                SourceId = f.SourceId,
                Note = f.Note,
                SourcePhrase = f.SourcePhrase,
            },
            f.IsRetracted,
            f.UpdatedBy,
            f.UpdatedAtUtc)).SingleOrDefaultAsync(cancellationToken) is { } loaded
            ? loaded with { Input = await WithDisplayValueAsync(db, loaded.Input, cancellationToken) }
            : null;
    }

    /// <summary>Adds a figure. A likely duplicate needs <paramref name="confirmDuplicate"/>.</summary>
    public async Task<EditResult> CreateAsync(ClaimsPrincipal user, FigureInput input, bool confirmDuplicate, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One connection for the whole operation: EF would otherwise open and close it around every query.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var (values, errors) = await ValidateAsync(db, input, null, cancellationToken);
        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var warnings = await WarningsAsync(db, input, values!, null, cancellationToken);
        var duplicates = await DuplicatesAsync(db, values!, input, null, cancellationToken);
        if (duplicates.Count > 0 && !confirmDuplicate)
        {
            return new EditResult(EditStatus.NeedsConfirmation, DuplicateIds: duplicates, Warnings: warnings);
        }

        if (NeedsReason(input, warnings) is { } needsReason)
        {
            return needsReason;
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (sourceId, sourceKey) = await EnsureSourceAsync(db, input, values!.SourceKey, userName, now, cancellationToken);
        var figure = new Figure
        {
            MetricId = values!.MetricId,
            LocationId = values.LocationId,
            ReferenceDate = input.Date!.Value,
            LocalTime = input.Time,
            Value = values.Value,
            UnitCode = input.UnitCode,
            Qualifier = input.Qualifier,
            SourceId = sourceId,
            Note = Clean(input.Note),
            SourcePhrase = Clean(input.SourcePhrase),
            Version = 1,
            UpdatedAtUtc = now,
            UpdatedBy = userName,
        };
        db.Figures.Add(figure);
        await db.SaveChangesAsync(cancellationToken);
        db.Revisions.Add(RevisionLog.Create(RevisionLog.FigureType, figure.Id, 1, RevisionKind.Created, userName, now, null,
            FigureSnapshot.Of(figure, input.MetricCode, input.LocationCode, sourceKey),
            warnings.Count > 0 ? Plausibility.ReasonText(null, input.WarningReason!, warnings.Select(w => w.Message)) : null));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await notifier.NotifyAsync();
        return new EditResult(EditStatus.Saved, figure.Id, figure.Version);
    }

    /// <summary>Corrects a figure, if nobody saved it since <paramref name="expectedVersion"/>. A reason is required.</summary>
    public async Task<EditResult> CorrectAsync(ClaimsPrincipal user, int id, int expectedVersion, FigureInput input, string? reason, bool confirmDuplicate, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One connection for the whole operation: EF would otherwise open and close it around every query.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var figure = await db.Figures.SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (figure is null)
        {
            return new EditResult(EditStatus.NotFound);
        }

        var (values, errors) = await ValidateAsync(db, input, id, cancellationToken);
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new FieldError(nameof(reason), "Say why the figure is corrected (for example: the source revised it)."));
        }

        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        // A correction that leaves what is compared as it was (a note, a qualifier, a phrase) is not checked again.
        var compared = figure.MetricId != values!.MetricId || figure.LocationId != values.LocationId || figure.ReferenceDate != input.Date
                       || figure.LocalTime != input.Time || figure.Value != values.Value || figure.UnitCode != input.UnitCode || figure.SourceId != input.SourceId;
        IReadOnlyList<PlausibilityWarning> warnings = compared ? await WarningsAsync(db, input, values, id, cancellationToken) : [];
        var duplicates = await DuplicatesAsync(db, values!, input, id, cancellationToken);
        if (duplicates.Count > 0 && !confirmDuplicate)
        {
            return new EditResult(EditStatus.NeedsConfirmation, DuplicateIds: duplicates, Warnings: warnings);
        }

        if (NeedsReason(input, warnings) is { } needsReason)
        {
            return needsReason;
        }

        if (warnings.Count > 0)
        {
            reason = Plausibility.ReasonText(reason, input.WarningReason!, warnings.Select(w => w.Message));
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = await SnapshotAsync(db, figure, cancellationToken);
        var (sourceId, sourceKey) = await EnsureSourceAsync(db, input, values!.SourceKey, userName, now, cancellationToken);
        db.Entry(figure).Property(f => f.Version).OriginalValue = expectedVersion;
        figure.MetricId = values!.MetricId;
        figure.LocationId = values.LocationId;
        figure.ReferenceDate = input.Date!.Value;
        figure.LocalTime = input.Time;
        figure.Value = values.Value;
        figure.UnitCode = input.UnitCode;
        figure.Qualifier = input.Qualifier;
        figure.SourceId = sourceId;
        figure.Note = Clean(input.Note);
        figure.SourcePhrase = Clean(input.SourcePhrase);
        var after = FigureSnapshot.Of(figure, input.MetricCode, input.LocationCode, sourceKey);
        return await SaveChangeAsync(db, transaction, figure, expectedVersion, RevisionKind.Corrected, userName, now, before, after, reason!, cancellationToken);
    }

    /// <summary>Takes a figure off the dashboards (it stays in the store and its history). A reason is required.</summary>
    public async Task<EditResult> RetractAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, CancellationToken cancellationToken = default) =>
        await SetRetractedAsync(user, id, expectedVersion, reason, retracted: true, cancellationToken);

    /// <summary>Puts a retracted figure back on the dashboards. A reason is required.</summary>
    public async Task<EditResult> RestoreAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, CancellationToken cancellationToken = default) =>
        await SetRetractedAsync(user, id, expectedVersion, reason, retracted: false, cancellationToken);

    /// <summary>
    /// The message for a retract (or restore) without a reason, or null when a reason is given. Forms ask before
    /// opening a confirmation dialog, so nobody confirms only to be told the reason is missing.
    /// </summary>
    public static FieldError? CheckRetractReason(string? reason, bool retracting) =>
        string.IsNullOrWhiteSpace(reason)
            ? new FieldError(nameof(reason), retracting ? "Say why the figure is retracted." : "Say why the figure is restored.")
            : null;

    private async Task<EditResult> SetRetractedAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, bool retracted, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One connection for the whole operation: EF would otherwise open and close it around every query.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        if (CheckRetractReason(reason, retracted) is { } missing)
        {
            return EditResult.Invalid(missing);
        }

        var figure = await db.Figures.SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (figure is null)
        {
            return new EditResult(EditStatus.NotFound);
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = await SnapshotAsync(db, figure, cancellationToken);
        db.Entry(figure).Property(f => f.Version).OriginalValue = expectedVersion;
        figure.IsRetracted = retracted;
        return await SaveChangeAsync(db, transaction, figure, expectedVersion, retracted ? RevisionKind.Retracted : RevisionKind.Restored, userName, now, before, before with { Retracted = retracted }, reason!, cancellationToken);
    }

    private async Task<EditResult> SaveChangeAsync(
        DashboardDbContext db,
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction,
        Figure figure,
        int expectedVersion,
        RevisionKind kind,
        string userName,
        DateTime now,
        FigureSnapshot before,
        FigureSnapshot after,
        string reason,
        CancellationToken cancellationToken)
    {
        figure.Version = expectedVersion + 1;
        figure.UpdatedAtUtc = now;
        figure.UpdatedBy = userName;
        // A changed figure (or one taken off or put back on the dashboards) is unverified again (FigureVerifier).
        figure.VerifiedAtUtc = null;
        figure.VerifiedBy = null;
        db.Revisions.Add(RevisionLog.Create(RevisionLog.FigureType, figure.Id, figure.Version, kind, userName, now, before, after, reason.Trim()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (SaveConflicts.IsLostRace(ex))
        {
            await transaction.RollbackAsync(cancellationToken);
            return new EditResult(EditStatus.Conflict, figure.Id, Conflict: await CurrentAsync(figure.Id, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        await notifier.NotifyAsync();
        return new EditResult(EditStatus.Saved, figure.Id, figure.Version);
    }

    private async Task<ConflictInfo?> CurrentAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = await db.Figures.AsNoTracking().Where(f => f.Id == id)
            .Select(f => new { f.Value, f.Unit, f.Qualifier, f.IsRetracted, f.UpdatedBy, f.UpdatedAtUtc, f.Version })
            .SingleOrDefaultAsync(cancellationToken);
        if (current is null)
        {
            return null;
        }

        var text = ScaledValue.Format(current.Value, current.Unit, CultureInfo.InvariantCulture) + (current.IsRetracted ? " (retracted)" : "");
        return new ConflictInfo(text, current.UpdatedBy, current.UpdatedAtUtc, current.Version);
    }

    /// <summary>
    /// The plausibility warnings the figure as typed would get (<see cref="Plausibility"/>), so the form can show them
    /// before saving; empty while the input is not valid yet. <paramref name="figureId"/> is the figure being corrected.
    /// </summary>
    public async Task<IReadOnlyList<PlausibilityWarning>> CheckAsync(FigureInput input, int? figureId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var (values, errors) = await ValidateAsync(db, input, figureId, cancellationToken);
        return errors.Count > 0 ? [] : await WarningsAsync(db, input, values!, figureId, cancellationToken);
    }

    private async Task<IReadOnlyList<PlausibilityWarning>> WarningsAsync(DashboardDbContext db, FigureInput input, ValidValues values, int? figureId, CancellationToken cancellationToken) =>
        await plausibility.CheckAsync(db, [new PlausibilityCandidate(
            0, input.MetricCode, input.LocationCode, input.UnitCode, values.Decimals, input.Date!.Value, input.Time, values.Value,
            values.SourceKey ?? "", values.SourceTitle, figureId, input.Qualifier)], cancellationToken);

    /// <summary>Warnings without a reason: not saved; the form shows them and asks why to save anyway.</summary>
    private static EditResult? NeedsReason(FigureInput input, IReadOnlyList<PlausibilityWarning> warnings) =>
        warnings.Count > 0 && string.IsNullOrWhiteSpace(input.WarningReason)
            ? new EditResult(EditStatus.NeedsReason, Warnings: warnings, Errors:
                [new FieldError(nameof(FigureInput.WarningReason), "Check the figure against the warnings above; to save it as it is, say why (for example: the source gives this value; earlier figures counted differently).")])
            : null;

    /// <summary>What validation looked up, reused for the revision so a save makes no extra round trips.</summary>
    internal sealed record ValidValues(int MetricId, int LocationId, long Value, MetricKind Kind, int? SourceId, string? SourceKey, int Decimals = 0, string SourceTitle = "");

    /// <summary>
    /// The form's checks, also run by <see cref="ReportImport"/> for every accepted candidate. Plausibility
    /// (<see cref="Plausibility"/>) is not checked here: it warns and asks for a reason, it does not refuse.
    /// </summary>
    internal async Task<(ValidValues? Values, List<FieldError> Errors)> ValidateAsync(DashboardDbContext db, FigureInput input, int? figureId, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var metric = await FirstOrDefaultAsync(MetricByCode.For(db)(db, input.MetricCode ?? ""), cancellationToken);
        if (metric is null)
        {
            errors.Add(new FieldError(nameof(FigureInput.MetricCode), string.IsNullOrEmpty(input.MetricCode) ? "Choose what the figure measures." : $"Unknown metric '{input.MetricCode}'."));
        }

        var location = await FirstOrDefaultAsync(LocationByCode.For(db)(db, input.LocationCode ?? ""), cancellationToken);
        if (location is null)
        {
            errors.Add(new FieldError(nameof(FigureInput.LocationCode), string.IsNullOrEmpty(input.LocationCode) ? "Choose the place the figure is about." : $"Unknown location '{input.LocationCode}'."));
        }

        var unit = await FirstOrDefaultAsync(UnitByCode.For(db)(db, input.UnitCode ?? ""), cancellationToken);
        if (unit is null)
        {
            errors.Add(new FieldError(nameof(FigureInput.UnitCode), string.IsNullOrEmpty(input.UnitCode) ? "Choose a unit." : $"Unknown unit '{input.UnitCode}'."));
        }
        else if (metric is not null && !metric.Units.Contains(unit.Code))
        {
            errors.Add(new FieldError(nameof(FigureInput.UnitCode), $"'{unit.Name}' does not fit '{metric.Name}'; use {string.Join(" or ", metric.Units)}."));
        }

        // Retired reference data is kept for the figures that use it, but no new figure may take it up and no
        // correction may move a figure onto it.
        if (metric?.RetiredAtUtc is not null || location?.RetiredAtUtc is not null || unit?.RetiredAtUtc is not null)
        {
            var current = figureId is { } id
                ? await db.Figures.AsNoTracking().Where(f => f.Id == id).Select(f => new { f.MetricId, f.LocationId, f.UnitCode }).SingleOrDefaultAsync(cancellationToken)
                : null;
            if (metric?.RetiredAtUtc is not null && current?.MetricId != metric.Id)
            {
                errors.Add(new FieldError(nameof(FigureInput.MetricCode), $"The metric '{metric.Name}' is retired; choose another."));
            }

            if (location?.RetiredAtUtc is not null && current?.LocationId != location.Id)
            {
                errors.Add(new FieldError(nameof(FigureInput.LocationCode), $"The place '{location.Name}' is retired; choose another."));
            }

            if (unit?.RetiredAtUtc is not null && current?.UnitCode != unit.Code)
            {
                errors.Add(new FieldError(nameof(FigureInput.UnitCode), $"The unit '{unit.Name}' is retired; choose another."));
            }
        }

        var dates = ReferenceDates.From(options.Value, time);
        var latest = dates.Latest;
        if (input.Date is not { } date)
        {
            errors.Add(new FieldError(nameof(FigureInput.Date), "Give the day the figure refers to."));
        }
        else if (!dates.Contains(date))
        {
            errors.Add(new FieldError(nameof(FigureInput.Date),
                $"The date must lie between {dates.Earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd}."));
        }

        long value = 0;
        if (unit is not null && !ScaledValue.TryParse(input.ValueText, unit.Decimals, out value, out var valueError))
        {
            errors.Add(new FieldError(nameof(FigureInput.ValueText), "The value " + valueError + "."));
        }

        string? sourceKey = null;
        var sourceTitle = input.NewSource?.Title.Trim() ?? "";
        if (input.SourceId is { } sourceId)
        {
            var found = await FirstOrDefaultAsync(SourceKeyById.For(db)(db, sourceId), cancellationToken);
            sourceKey = found?.Key;
            sourceTitle = found?.Title ?? "";
            if (found is null)
            {
                errors.Add(new FieldError(nameof(FigureInput.SourceId), "That source does not exist."));
            }
            else if (input.Date is { } day && dates.Contains(day) && ReferenceDates.AfterPublication(day, found.Published, found.Title) is { } afterSource)
            {
                errors.Add(new FieldError(nameof(FigureInput.Date), afterSource + "."));
            }
        }
        else if (input.NewSource is { } newSource)
        {
            errors.AddRange(SourceEditor.Validate(newSource, options.Value.EarliestReferenceDate, latest).Select(e => e with { Field = "NewSource." + e.Field }));
            if (input.Date is { } day && dates.Contains(day) && ReferenceDates.AfterPublication(day, newSource.Published, "the new source") is { } afterSource)
            {
                errors.Add(new FieldError(nameof(FigureInput.Date), afterSource + "."));
            }
        }
        else
        {
            errors.Add(new FieldError(nameof(FigureInput.SourceId), "Every figure needs a source: pick a report or add one."));
        }

        if ((input.Note?.Length ?? 0) > 2000)
        {
            errors.Add(new FieldError(nameof(FigureInput.Note), "Keep the note under 2,000 characters."));
        }

        if ((input.SourcePhrase?.Trim().Length ?? 0) > Figure.SourcePhraseMaxLength)
        {
            errors.Add(new FieldError(nameof(FigureInput.SourcePhrase), $"Keep the phrase under {Figure.SourcePhraseMaxLength} characters: the words the figure was read from, not the whole passage."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var values = new ValidValues(metric!.Id, location!.Id, value, metric.Kind, input.SourceId, sourceKey, unit!.Decimals, sourceTitle);
        return (values, errors);
    }

    /// <summary>Figures with the same metric, place, day, time, source and value: most likely the same report entered twice.</summary>
    internal static async Task<List<int>> DuplicatesAsync(DashboardDbContext db, ValidValues values, FigureInput input, int? figureId, CancellationToken cancellationToken)
    {
        if (values.SourceId is not { } sourceId)
        {
            return [];
        }

        var ids = new List<int>();
        var query = input.Time is { } at
            ? SameFigureAt.For(db)(db, values.MetricId, values.LocationId, sourceId, values.Value, input.Date!.Value, at, figureId ?? 0)
            : SameFigureUntimed.For(db)(db, values.MetricId, values.LocationId, sourceId, values.Value, input.Date!.Value, figureId ?? 0);
        await foreach (var id in query.WithCancellation(cancellationToken))
        {
            ids.Add(id);
        }

        return ids;
    }

    private static async Task<(int Id, string Key)> EnsureSourceAsync(DashboardDbContext db, FigureInput input, string? validatedKey, string userName, DateTime now, CancellationToken cancellationToken)
    {
        if (input.SourceId is { } id)
        {
            return (id, validatedKey!);
        }

        var source = await SourceEditor.AddAsync(db, input.NewSource!, userName, now, cancellationToken);
        return (source.Id, source.Key);
    }

    private static async Task<FigureSnapshot> SnapshotAsync(DashboardDbContext db, Figure f, CancellationToken cancellationToken)
    {
        var metric = await db.Metrics.Where(m => m.Id == f.MetricId).Select(m => m.Code).SingleAsync(cancellationToken);
        var location = await db.Locations.Where(l => l.Id == f.LocationId).Select(l => l.Code).SingleAsync(cancellationToken);
        var source = await db.Sources.Where(s => s.Id == f.SourceId).Select(s => s.Key).SingleAsync(cancellationToken);
        return FigureSnapshot.Of(f, metric, location, source);
    }

    private static async Task<FigureInput> WithDisplayValueAsync(DashboardDbContext db, FigureInput input, CancellationToken cancellationToken)
    {
        var decimals = await db.Units.Where(u => u.Code == input.UnitCode).Select(u => u.Decimals).SingleAsync(cancellationToken);
        input.ValueText = ScaledValue.ToInvariant(long.Parse(input.ValueText, CultureInfo.InvariantCulture), decimals);
        return input;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static async Task<T?> FirstOrDefaultAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            return row;
        }

        return null;
    }

    // Precompiled look-ups for validation: a save runs each once (docs/performance.md, saving one figure).
    // Codes and keys are unique (indexes), so the first match is the only one.
    private static readonly PerModel<Func<DashboardDbContext, string, IAsyncEnumerable<Metric>>> MetricByCode =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db, string code) => db.Metrics.AsNoTracking().Where(m => m.Code == code).Take(1)));

    private static readonly PerModel<Func<DashboardDbContext, string, IAsyncEnumerable<Location>>> LocationByCode =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db, string code) => db.Locations.AsNoTracking().Where(l => l.Code == code).Take(1)));

    private static readonly PerModel<Func<DashboardDbContext, string, IAsyncEnumerable<Unit>>> UnitByCode =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db, string code) => db.Units.AsNoTracking().Where(u => u.Code == code).Take(1)));

    // Two shapes, so "same time" is a plain comparison when there is a time and IS NULL when there is none.
    private static readonly PerModel<Func<DashboardDbContext, int, int, int, long, DateOnly, TimeOnly, int, IAsyncEnumerable<int>>> SameFigureAt =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db, int metricId, int locationId, int sourceId, long value, DateOnly day, TimeOnly at, int figureId) =>
            db.Figures.AsNoTracking()
                .Where(f => f.MetricId == metricId && f.LocationId == locationId && f.SourceId == sourceId && f.Value == value
                            && f.ReferenceDate == day && f.LocalTime == at && !f.IsRetracted && f.Id != figureId)
                .Select(f => f.Id)));

    private static readonly PerModel<Func<DashboardDbContext, int, int, int, long, DateOnly, int, IAsyncEnumerable<int>>> SameFigureUntimed =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db, int metricId, int locationId, int sourceId, long value, DateOnly day, int figureId) =>
            db.Figures.AsNoTracking()
                .Where(f => f.MetricId == metricId && f.LocationId == locationId && f.SourceId == sourceId && f.Value == value
                            && f.ReferenceDate == day && f.LocalTime == null && !f.IsRetracted && f.Id != figureId)
                .Select(f => f.Id)));

    private static readonly PerModel<Func<DashboardDbContext, int, IAsyncEnumerable<SourceDates>>> SourceKeyById =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db, int id) => db.Sources.Where(s => s.Id == id).Select(s => new SourceDates(s.Key, s.Title, s.Published)).Take(1)));

    private sealed record SourceDates(string Key, string Title, DateOnly? Published);
}
