using System.Globalization;
using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// Imports figure CSV files (docs/csv-format.md). <see cref="PreviewAsync"/> says what each row would do;
/// <see cref="CommitAsync"/> applies a valid file in one transaction, all or nothing, recording one revision per
/// created or corrected figure with the file name, its SHA-256 and the user. The same file twice changes nothing
/// the second time. Rows match store figures by <c>external_id</c>, else <c>figure_id</c>, else (rows without ids)
/// by metric, location, date, time, value, unit, qualifier and source.
/// </summary>
public sealed partial class ImportService(
    IDbContextFactory<DashboardDbContext> contextFactory,
    IOptions<ImportOptions> options,
    IOptions<EditingOptions> editing,
    TimeProvider time,
    FigureChangeNotifier notifier,
    Plausibility plausibility,
    ILogger<ImportService> logger)
{
    /// <summary>SQLite page cache for a commit's writes, in KiB (128 MiB; the default is 2 MiB). The benchmark's baseline uses the same.</summary>
    public const int WritePageCacheKib = 128 * 1024;

    /// <summary>Reads and checks a file against the store and says, row by row, what a commit would do. Writes nothing.</summary>
    public async Task<ImportPreview> PreviewAsync(Stream file, string fileName, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return (await PlanAsync(db, file, fileName, cancellationToken)).Preview;
    }

    /// <summary>
    /// Applies the file when <paramref name="user"/> is an Editor or Admin with an enabled account and the file has
    /// no error. When <paramref name="expectedSha256"/> is given (from the preview), a different file is refused.
    /// The file is read again inside the transaction, so what is written is checked against the store as it is then.
    /// Rows with plausibility warnings need <paramref name="warningReason"/>; it is kept in those rows' revisions with
    /// their warnings.
    /// </summary>
    public async Task<ImportCommitResult> CommitAsync(Stream file, string fileName, ClaimsPrincipal user, string? expectedSha256 = null, string? warningReason = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        string userName;
        try
        {
            // The same check as every other write: signed in, Editor or Admin in the store, account enabled.
            userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        }
        catch (NotAuthorizedException ex)
        {
            return new ImportCommitResult(ImportOutcome.NotAllowed, ex.Message, null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var plan = await PlanAsync(db, file, fileName, cancellationToken);
        var preview = plan.Preview;
        if (!preview.CanCommit)
        {
            var count = preview.Errors.Count();
            return new ImportCommitResult(ImportOutcome.Invalid, $"The file has {count.ToString(CultureInfo.InvariantCulture)} error(s); nothing was imported.", preview);
        }

        if (expectedSha256 is not null && !string.Equals(expectedSha256, preview.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return new ImportCommitResult(ImportOutcome.FileChanged, "The file differs from the one that was previewed; nothing was imported. Preview it again.", preview);
        }

        if (preview.WarnedCount > 0 && string.IsNullOrWhiteSpace(warningReason))
        {
            return new ImportCommitResult(ImportOutcome.NeedsReason, $"{preview.WarnedCount.ToString(CultureInfo.InvariantCulture)} row(s) have plausibility warnings; nothing was imported. Check them, then fix the file or give a reason to import it as it is.", preview);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var reason = "Imported from " + preview.FileName;
        var warned = preview.Rows.Where(r => r.Warnings.Count > 0)
            .ToDictionary(r => r.Row, r => Plausibility.ReasonText(reason, warningReason!, r.Warnings.Select(w => w.Reason)));
        string ReasonOf(int row) => warned.TryGetValue(row, out var text) ? text : reason;

        // A large file's inserts touch index pages all over a big store; SQLite's default 2 MB cache spills and re-reads
        // them (docs/performance.md). Reset before the connection goes back to the pool.
        // PostgreSQL sizes its shared buffers itself; the pragma is SQLite's.
        await using var pageCache = db.Database.IsSqlite() ? await SqlitePageCache.RaiseAsync(db, WritePageCacheKib, cancellationToken) : null;
        try
        {
            var (created, corrected, newSources) = await WriteFiguresAsync(db, plan, now, userName, reason, ReasonOf, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (created + corrected + newSources.Count > 0)
            {
                // Clears the dashboard caches and refreshes open pages, as an edit does.
                await notifier.NotifyAsync();
            }

            logger.LogInformation(
                "Import of {File} ({Sha256}) by {User}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Sources} new sources",
                preview.FileName, preview.Sha256, userName, created, corrected, preview.UnchangedCount, newSources.Count);
            var sourcesText = newSources.Count == 0 ? "" : $"; {newSources.Count.ToString(CultureInfo.InvariantCulture)} new source{(newSources.Count == 1 ? "" : "s")} ({string.Join(", ", newSources.Keys)})";
            return new ImportCommitResult(
                ImportOutcome.Committed,
                $"Imported {preview.FileName}: {created.ToString(CultureInfo.InvariantCulture)} created, {corrected.ToString(CultureInfo.InvariantCulture)} updated, {preview.UnchangedCount.ToString(CultureInfo.InvariantCulture)} unchanged{sourcesText}.",
                preview,
                created,
                corrected,
                preview.UnchangedCount);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new ImportCommitResult(ImportOutcome.Conflict, "A figure in the file was changed by someone else while importing; nothing was imported. Preview the file again.", preview);
        }
    }

    /// <summary>
    /// Writes a planned file's new sources, new figures and corrections, each with its <c>Imported</c> revision, inside
    /// the open transaction (the caller commits it); <paramref name="reasonOf"/> gives a row's revision reason (its plausibility
    /// warnings' reason when it has warnings). Returns how many figures were created and corrected, and the new sources.
    /// </summary>
    private static async Task<(int Created, int Corrected, Dictionary<string, int> NewSources)> WriteFiguresAsync(
        DashboardDbContext db, ImportPlan plan, DateTime now, string userName, string reason, Func<int, string> reasonOf, CancellationToken cancellationToken)
    {
        var preview = plan.Preview;
        var metricIds = await db.Metrics.ToDictionaryAsync(m => m.Code, m => m.Id, StringComparer.Ordinal, cancellationToken);
        var locationIds = await db.Locations.ToDictionaryAsync(l => l.Code, l => l.Id, StringComparer.Ordinal, cancellationToken);
        var sourceIds = await db.Sources.ToDictionaryAsync(s => s.Key, s => s.Id, StringComparer.Ordinal, cancellationToken);
        var newSources = await AddNewSourcesAsync(db, preview, now, userName, reason, cancellationToken);
        foreach (var (key, id) in newSources)
        {
            sourceIds[key] = id;
        }

        // New figures and their revisions: prepared commands on this transaction, not 2 x n tracked entities and
        // EF commands (docs/performance.md). Corrections stay on EF below: they are few, and they need its
        // concurrency check.
        var created = await InsertCreatedAsync(
            db, preview, now, userName, reasonOf, (metricIds, locationIds, sourceIds), cancellationToken);

        var updates = preview.Rows.Where(r => r.Status == ImportRowStatus.Update).ToList();
        var updateIds = updates.Select(r => r.FigureId!.Value).ToList();
        var tracked = await db.Figures.Where(f => updateIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);
        var corrected = new List<(Figure Entity, FigureSnapshot Old, ParsedFigure Row)>();
        foreach (var row in updates)
        {
            var entity = tracked[row.FigureId!.Value];
            var old = plan.Stored[entity.Id];
            if (entity.Version != old.Version)
            {
                throw new DbUpdateConcurrencyException($"Figure {entity.Id} changed while importing.");
            }

            var f = row.Figure!;
            entity.MetricId = metricIds[f.Metric];
            entity.LocationId = locationIds[f.Location];
            entity.ReferenceDate = f.Date;
            entity.LocalTime = f.Time;
            entity.Value = f.Value;
            entity.UnitCode = f.Unit;
            entity.Qualifier = f.Qualifier;
            entity.SourceId = sourceIds[f.Source];
            entity.Note = f.Note;
            entity.Version += 1;
            entity.UpdatedAtUtc = now;
            entity.UpdatedBy = userName;
            // The file changed the figure: it is unverified again (FigureVerifier).
            entity.VerifiedAtUtc = null;
            entity.VerifiedBy = null;
            corrected.Add((entity, old.Snapshot(), f));
        }

        await db.SaveChangesAsync(cancellationToken);

        db.Revisions.AddRange(corrected.Select(c => RevisionLog.Create(
            RevisionLog.FigureType, c.Entity.Id, c.Entity.Version, RevisionKind.Imported, userName, now,
            c.Old, FigureSnapshot.Of(c.Entity, c.Row.Metric, c.Row.Location, c.Row.Source), reasonOf(c.Row.Row), preview.FileName, preview.Sha256)));
        await db.SaveChangesAsync(cancellationToken);
        return (created, corrected.Count, newSources);
    }

    /// <summary>
    /// Creates the sources the file brings, each with its <c>Imported</c> revision, inside the open transaction, under
    /// the key the file gives them (so its rows, and a snapshot imported into an empty store, keep referring to them).
    /// Their kind is <see cref="SourceKind.Report"/> until an editor corrects it on the source form.
    /// </summary>
    private static async Task<Dictionary<string, int>> AddNewSourcesAsync(DashboardDbContext db, ImportPreview preview, DateTime now, string userName, string reason, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        if (preview.NewSources.Count == 0)
        {
            return ids;
        }

        var sources = preview.NewSources.Select(n => new Source
        {
            Key = n.Source.Key,
            Title = n.Source.Title,
            Publisher = n.Source.Publisher,
            Published = n.Source.Published,
            Url = n.Source.Url,
            Kind = SourceKind.Report,
            UpdatedAtUtc = now,
            UpdatedBy = userName,
        }).ToList();
        db.Sources.AddRange(sources);
        await db.SaveChangesAsync(cancellationToken);
        db.Revisions.AddRange(sources.Select(s => RevisionLog.Create(
            RevisionLog.SourceType, s.Id, 1, RevisionKind.Imported, userName, now, null, SourceSnapshot.Of(s), reason, preview.FileName, preview.Sha256)));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var source in sources)
        {
            ids[source.Key] = source.Id;
        }

        return ids;
    }

    /// <summary>
    /// Writes the file's new figures, each with its <c>Imported</c> revision (no old values), through one prepared
    /// command per table on SQLite, or one binary COPY per table on PostgreSQL, inside the open transaction; returns how
    /// many. The figure and revision are built as EF
    /// entities first, so their values and the revision's JSON are exactly those of the tracked path they replace.
    /// </summary>
    private static async Task<int> InsertCreatedAsync(
        DashboardDbContext db,
        ImportPreview preview,
        DateTime now,
        string userName,
        Func<int, string> reason,
        (Dictionary<string, int> Metrics, Dictionary<string, int> Locations, Dictionary<string, int> Sources) ids,
        CancellationToken cancellationToken)
    {
        var rows = preview.Rows.Where(r => r.Status == ImportRowStatus.New).ToList();
        if (rows.Count == 0)
        {
            return 0;
        }

        if (db.Database.IsNpgsql())
        {
            return await CopyCreatedAsync(db, preview, rows, now, userName, reason, ids, cancellationToken);
        }

        using var figures = PreparedInsert<Figure>.Create(db);
        using var revisions = PreparedInsert<Revision>.Create(db);
        foreach (var row in rows)
        {
            var figure = NewFigure(row.Figure!, now, userName, ids);
            figure.Id = checked((int)await figures.InsertAsync(figure, cancellationToken));
            await revisions.InsertAsync(ImportedRevision(figure, row.Figure!, now, userName, reason, preview), cancellationToken);
        }

        return rows.Count;
    }

    /// <summary>
    /// PostgreSQL: the same rows with two binary COPYs in the open transaction. The figures' keys are taken from their
    /// identity sequence first, so each revision names its figure without a round trip per row.
    /// </summary>
    private static async Task<int> CopyCreatedAsync(
        DashboardDbContext db,
        ImportPreview preview,
        List<ImportRow> rows,
        DateTime now,
        string userName,
        Func<int, string> reason,
        (Dictionary<string, int> Metrics, Dictionary<string, int> Locations, Dictionary<string, int> Sources) ids,
        CancellationToken cancellationToken)
    {
        var keys = await PostgresBinaryCopy<Figure>.ReserveKeysAsync(db, rows.Count, cancellationToken);
        var figures = new Figure[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            figures[i] = NewFigure(rows[i].Figure!, now, userName, ids);
            figures[i].Id = checked((int)keys[i]);
        }

        await using (var copy = await PostgresBinaryCopy<Figure>.BeginAsync(db, withKey: true, cancellationToken))
        {
            foreach (var figure in figures)
            {
                await copy.WriteAsync(figure, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await PostgresBinaryCopy<Revision>.BeginAsync(db, withKey: false, cancellationToken))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                await copy.WriteAsync(ImportedRevision(figures[i], rows[i].Figure!, now, userName, reason, preview), cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        return rows.Count;
    }

    private static Revision ImportedRevision(Figure figure, ParsedFigure f, DateTime now, string userName, Func<int, string> reason, ImportPreview preview) =>
        RevisionLog.Create(
            RevisionLog.FigureType, figure.Id, figure.Version, RevisionKind.Imported, userName, now,
            null, FigureSnapshot.Of(figure, f.Metric, f.Location, f.Source), reason(f.Row), preview.FileName, preview.Sha256);

    private static Figure NewFigure(
        ParsedFigure f,
        DateTime now,
        string userName,
        (Dictionary<string, int> Metrics, Dictionary<string, int> Locations, Dictionary<string, int> Sources) ids) =>
        new()
        {
            ExternalId = f.ExternalId,
            MetricId = ids.Metrics[f.Metric],
            LocationId = ids.Locations[f.Location],
            ReferenceDate = f.Date,
            LocalTime = f.Time,
            Value = f.Value,
            UnitCode = f.Unit,
            Qualifier = f.Qualifier,
            SourceId = ids.Sources[f.Source],
            Note = f.Note,
            Version = 1,
            UpdatedAtUtc = now,
            UpdatedBy = userName,
        };

    private async Task<ImportPlan> PlanAsync(DashboardDbContext db, Stream file, string fileName, CancellationToken cancellationToken, CsvReferenceData? reference = null)
    {
        reference ??= await CsvReferenceData.LoadAsync(db, ReferenceDates.From(editing.Value, time), cancellationToken);
        var parsed = await new FigureCsvParser(options.Value).ParseAsync(file, reference, FigureFileKind.Import, cancellationToken);
        var stored = await LoadCandidatesAsync(db, parsed.Rows.Select(r => r.Figure).OfType<ParsedFigure>().ToList(), cancellationToken);
        var byExternalId = stored.Values.Where(f => f.ExternalId is not null).ToDictionary(f => f.ExternalId!, StringComparer.Ordinal);
        var byKey = stored.Values.Where(f => !f.IsRetracted).ToLookup(f => f.NaturalKey);
        var claimed = new Dictionary<int, int>();

        var rows = new List<ImportRow>();
        foreach (var row in parsed.Rows)
        {
            if (row.Figure is not { } figure)
            {
                rows.Add(new ImportRow(row.Row, ImportRowStatus.Error, null, null, null, [], row.Errors));
                continue;
            }

            rows.Add(Classify(figure, stored, byExternalId, byKey, claimed, reference));
        }

        rows = await WithWarningsAsync(db, rows, reference, parsed.NewSources, cancellationToken);

        var name = Path.GetFileName(fileName ?? "");
        name = string.IsNullOrWhiteSpace(name) ? "upload.csv" : name[..Math.Min(name.Length, 260)];
        return new ImportPlan(new ImportPreview(name, parsed.Sha256, parsed.Bytes, parsed.HasHxlRow, parsed.FileErrors, rows) { NewSources = parsed.NewSources }, stored);
    }

    /// <summary>
    /// The file's new and corrected rows with their plausibility warnings (<see cref="Plausibility"/>), checked against
    /// the store and against each other: one query per metric/place/unit group of running totals, not per row.
    /// </summary>
    private async Task<List<ImportRow>> WithWarningsAsync(DashboardDbContext db, List<ImportRow> rows, CsvReferenceData reference, IReadOnlyList<NewSourceRow> newSources, CancellationToken cancellationToken)
    {
        string Title(string key) => reference.Sources.TryGetValue(key, out var s) ? s.Title
            : newSources.FirstOrDefault(n => n.Source.Key == key)?.Source.Title ?? key;
        var candidates = rows.Where(r => r.Status is ImportRowStatus.New or ImportRowStatus.Update && r.Figure is not null)
            .Select(r => new PlausibilityCandidate(r.Row, r.Figure!.Metric, r.Figure.Location, r.Figure.Unit, r.Figure.Decimals, r.Figure.Date, r.Figure.Time,
                r.Figure.Value, r.Figure.Source, Title(r.Figure.Source), r.Status == ImportRowStatus.Update ? r.FigureId : null, r.Figure.Qualifier))
            .ToList();
        var warnings = (await plausibility.CheckAsync(db, candidates, cancellationToken)).ToLookup(w => w.Key);
        return rows.Select(r => warnings[r.Row].Any()
            ? r with { Warnings = warnings[r.Row].Select(w => new CsvError(r.Row, FigureCsv.Value, w.Message)).ToList() }
            : r).ToList();
    }

    /// <summary>
    /// The stored figures a file's rows can match, not the whole store: by external id, by figure id, and for the
    /// natural-key match the live figures of the file's days and metrics. Each is one indexed query, so planning an
    /// import costs in proportion to the file, not to the store (docs/performance.md).
    /// </summary>
    private static async Task<Dictionary<int, StoredFigure>> LoadCandidatesAsync(DashboardDbContext db, List<ParsedFigure> figures, CancellationToken cancellationToken)
    {
        var externalIds = figures.Select(f => f.ExternalId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var withoutExternalId = figures.Where(f => f.ExternalId is null).ToList();
        var ids = withoutExternalId.Select(f => f.FigureId).OfType<int>().Distinct().ToList();
        var days = withoutExternalId.Select(f => f.Date).Distinct().ToList();
        var metrics = withoutExternalId.Select(f => f.Metric).Distinct(StringComparer.Ordinal).ToList();

        var stored = new Dictionary<int, StoredFigure>();
        async Task AddAsync(IQueryable<Figure> query)
        {
            foreach (var figure in await Project(query).ToListAsync(cancellationToken))
            {
                stored.TryAdd(figure.Id, figure);
            }
        }

        if (externalIds.Count > 0)
        {
            await AddAsync(db.Figures.AsNoTracking().Where(f => f.ExternalId != null && externalIds.Contains(f.ExternalId)));
        }

        if (ids.Count > 0)
        {
            await AddAsync(db.Figures.AsNoTracking().Where(f => ids.Contains(f.Id)));
        }

        if (days.Count > 0)
        {
            await AddAsync(db.Figures.AsNoTracking().Where(f => !f.IsRetracted && days.Contains(f.ReferenceDate) && metrics.Contains(f.Metric.Code)));
        }

        return stored;
    }

    private static IQueryable<StoredFigure> Project(IQueryable<Figure> query) => query.Select(f => new StoredFigure(
        f.Id, f.ExternalId, f.Version, f.IsRetracted, f.Metric.Code, f.Location.Code, f.ReferenceDate, f.LocalTime,
        f.Value, f.UnitCode, f.Unit.Decimals, f.Qualifier, f.Source.Key, f.Note, f.SourcePhrase));

    private static ImportRow Classify(
        ParsedFigure figure,
        IReadOnlyDictionary<int, StoredFigure> stored,
        IReadOnlyDictionary<string, StoredFigure> byExternalId,
        ILookup<(string, string, DateOnly, TimeOnly?, long, string, Qualifier, string), StoredFigure> byKey,
        Dictionary<int, int> claimed,
        CsvReferenceData reference)
    {
        ImportRow Error(string column, string reason) =>
            new(figure.Row, ImportRowStatus.Error, null, figure.ExternalId, figure, [], [new CsvError(figure.Row, column, reason)]);

        // Retired codes stay on the figures that have them, but no new figure takes one up and no correction moves a
        // figure onto one (as on the figure form).
        ImportRow? Retired(IReadOnlyCollection<string>? changed)
        {
            var errors = new List<CsvError>();
            void Check(string column, string code, IReadOnlySet<string> retired, string what)
            {
                if ((changed is null || changed.Contains(column)) && retired.Contains(code))
                {
                    errors.Add(new CsvError(figure.Row, column, changed is null
                        ? $"{what} '{code}' is retired; a new figure may not use it"
                        : $"{what} '{code}' is retired; a figure may keep it but not be changed to it"));
                }
            }

            Check(FigureCsv.Metric, figure.Metric, reference.RetiredMetrics, "metric");
            Check(FigureCsv.Location, figure.Location, reference.RetiredLocations, "location");
            Check(FigureCsv.Unit, figure.Unit, reference.RetiredUnits, "unit");
            return errors.Count == 0 ? null : new ImportRow(figure.Row, ImportRowStatus.Error, null, figure.ExternalId, figure, [], errors);
        }

        StoredFigure? match = null;
        var matchedBy = FigureCsv.ExternalId;
        if (figure.ExternalId is { } externalId)
        {
            byExternalId.TryGetValue(externalId, out match);
        }
        else if (figure.FigureId is { } figureId && stored.TryGetValue(figureId, out var byId))
        {
            match = byId;
            matchedBy = FigureCsv.FigureId;
        }
        else
        {
            var candidates = byKey[figure.NaturalKey].ToList();
            if (candidates.Count > 1)
            {
                return Error("(row)", $"matches {candidates.Count.ToString(CultureInfo.InvariantCulture)} figures in the store (ids {string.Join(", ", candidates.Select(c => c.Id))}); give figure_id or external_id to say which");
            }

            match = candidates.SingleOrDefault();
            matchedBy = "(row)";
        }

        if (match is null)
        {
            return Retired(null) ?? new ImportRow(figure.Row, ImportRowStatus.New, null, figure.ExternalId, figure, [], []);
        }

        if (match.IsRetracted)
        {
            return Error(matchedBy, $"figure {match.Label} is retracted in the store; restore it on its page before importing changes to it");
        }

        if (claimed.TryGetValue(match.Id, out var earlier))
        {
            return Error(matchedBy, $"refers to figure {match.Label}, like row {earlier.ToString(CultureInfo.InvariantCulture)}; a file may change a figure only once");
        }

        claimed[match.Id] = figure.Row;
        var changes = match.Diff(figure);
        if (changes.Count == 0)
        {
            return new ImportRow(figure.Row, ImportRowStatus.Unchanged, match.Id, match.ExternalId, figure, [], []);
        }

        if (figure.Revision is { } revision && revision != match.Version)
        {
            return Error(FigureCsv.Revision, $"figure {match.Label} is at revision {match.Version.ToString(CultureInfo.InvariantCulture)} in the store but the row was exported at revision {revision.ToString(CultureInfo.InvariantCulture)}: it changed since; export again, or empty the revision cell to overwrite");
        }

        return Retired(changes.Select(c => c.Column).ToList()) ?? new ImportRow(figure.Row, ImportRowStatus.Update, match.Id, match.ExternalId, figure, changes, []);
    }

    private sealed record ImportPlan(ImportPreview Preview, IReadOnlyDictionary<int, StoredFigure> Stored);

    private sealed record StoredFigure(
        int Id,
        string? ExternalId,
        int Version,
        bool IsRetracted,
        string Metric,
        string Location,
        DateOnly Date,
        TimeOnly? Time,
        long Value,
        string Unit,
        int Decimals,
        Qualifier Qualifier,
        string Source,
        string? Note,
        string? SourcePhrase)
    {
        public string Label => ExternalId is null ? Id.ToString(CultureInfo.InvariantCulture) : $"{ExternalId} (id {Id.ToString(CultureInfo.InvariantCulture)})";

        public (string, string, DateOnly, TimeOnly?, long, string, Qualifier, string) NaturalKey => (Metric, Location, Date, Time, Value, Unit, Qualifier, Source);

        public FigureSnapshot Snapshot() => new(
            ExternalId, Metric, Location, FigureCsv.FormatDate(Date), FigureCsv.FormatTime(Time), Value, Unit,
            SeedReader.ToFileText(Qualifier.ToString()), Source, Note, IsRetracted, SourcePhrase);

        public List<ImportChange> Diff(ParsedFigure f)
        {
            var changes = new List<ImportChange>();
            void Compare(string column, string? old, string? now)
            {
                if (!string.Equals(old, now, StringComparison.Ordinal))
                {
                    changes.Add(new ImportChange(column, old, now));
                }
            }

            Compare(FigureCsv.Metric, Metric, f.Metric);
            Compare(FigureCsv.Location, Location, f.Location);
            Compare(FigureCsv.Date, FigureCsv.FormatDate(Date), FigureCsv.FormatDate(f.Date));
            Compare(FigureCsv.Time, FigureCsv.FormatTime(Time), FigureCsv.FormatTime(f.Time));
            Compare(FigureCsv.Unit, Unit, f.Unit);
            // Compared as stored numbers: "5" and "5.0" are the same value.
            if (Value != f.Value || Unit != f.Unit)
            {
                changes.Add(new ImportChange(FigureCsv.Value, ScaledValue.ToInvariant(Value, Decimals), ScaledValue.ToInvariant(f.Value, f.Decimals)));
            }

            Compare(FigureCsv.Qualifier, FigureCsv.QualifierText(Qualifier), FigureCsv.QualifierText(f.Qualifier));
            Compare(FigureCsv.Source, Source, f.Source);
            Compare(FigureCsv.Note, Note, f.Note);
            return changes;
        }
    }
}
