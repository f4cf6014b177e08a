using System.Globalization;
using System.Security.Claims;
using System.Text;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// The six-file import (docs/csv-format.md, "Six-file import"): a folder or zip of units.csv, metrics.csv, locations.csv,
/// sources.csv, events.csv and figures.csv, read by <see cref="SeedReader"/> against the store, previewed file by file,
/// committed in one transaction. New rows of every kind are created; a row equal to the store's is unchanged; a source,
/// event or figure that differs is corrected with a revision; a unit, metric or place that differs is refused (it is
/// corrected on its reference page, with its revision); new ones get their first revision.
/// </summary>
public sealed partial class ImportService
{
    private const string UnitsFile = "units.csv";
    private const string MetricsFile = "metrics.csv";
    private const string LocationsFile = "locations.csv";

    /// <summary>Reads and checks a bundle against the store and says, file by file and row by row, what a commit would do. Writes nothing.</summary>
    public async Task<BundlePreview> PreviewBundleAsync(ImportBundle bundle, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return (await PlanBundleAsync(db, bundle, cancellationToken)).Preview;
    }

    /// <summary>
    /// Applies a bundle with no error when <paramref name="user"/> is an enabled Editor or Admin: every new or corrected row
    /// of all six files, or (on any error, a different bundle than <paramref name="expectedSha256"/>, or a conflict) nothing.
    /// The bundle is planned again inside the transaction. Figure rows with plausibility warnings need
    /// <paramref name="warningReason"/>, kept with their warnings in their revisions, as in the figure import.
    /// </summary>
    public async Task<BundleCommitResult> CommitBundleAsync(ImportBundle bundle, ClaimsPrincipal user, string? expectedSha256 = null, string? warningReason = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        string userName;
        try
        {
            userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        }
        catch (NotAuthorizedException ex)
        {
            return new BundleCommitResult(ImportOutcome.NotAllowed, ex.Message, null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var plan = await PlanBundleAsync(db, bundle, cancellationToken);
        var preview = plan.Preview;
        if (!preview.CanCommit)
        {
            var count = preview.Errors.Count();
            return new BundleCommitResult(ImportOutcome.Invalid, $"{preview.FileName} has {count.ToString(CultureInfo.InvariantCulture)} error(s); nothing was imported.", preview);
        }

        if (expectedSha256 is not null && !string.Equals(expectedSha256, preview.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return new BundleCommitResult(ImportOutcome.FileChanged, "The files differ from the ones that were previewed; nothing was imported. Preview them again.", preview);
        }

        if (preview.WarnedCount > 0 && string.IsNullOrWhiteSpace(warningReason))
        {
            return new BundleCommitResult(ImportOutcome.NeedsReason, $"{preview.WarnedCount.ToString(CultureInfo.InvariantCulture)} row(s) of {FigureCsv.FileName} have plausibility warnings; nothing was imported. Check them, then fix the file or give a reason to import it as it is.", preview);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var reason = "Imported from " + preview.FileName;
        var warned = preview.Rows.Where(r => r.File == FigureCsv.FileName && r.Warnings.Count > 0)
            .ToDictionary(r => r.Row, r => Plausibility.ReasonText(reason, warningReason!, r.Warnings.Select(w => w.Reason)));
        await using var pageCache = db.Database.IsSqlite() ? await SqlitePageCache.RaiseAsync(db, WritePageCacheKib, cancellationToken) : null;
        try
        {
            await WriteReferenceAsync(db, plan, now, userName, reason, cancellationToken);
            await WriteEventsAsync(db, plan, now, userName, reason, cancellationToken);
            if (plan.Figures is not null)
            {
                await WriteFiguresAsync(db, plan.Figures, now, userName, reason, row => warned.TryGetValue(row, out var text) ? text : reason, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new BundleCommitResult(ImportOutcome.Conflict, "A source, event or figure in the files was changed by someone else while importing; nothing was imported. Preview the files again.", preview);
        }

        var created = preview.NewCount + (plan.Figures?.Preview.NewSources.Count ?? 0);
        if (created + preview.UpdateCount > 0)
        {
            await notifier.NotifyAsync();
        }

        logger.LogInformation(
            "Six-file import of {File} ({Sha256}) by {User}: {Created} created, {Updated} corrected, {Unchanged} unchanged",
            preview.FileName, preview.Sha256, userName, created, preview.UpdateCount, preview.UnchangedCount);
        var perFile = string.Join("; ", preview.Files.Where(f => f.Present).Select(f =>
            $"{f.File} {f.New.ToString(CultureInfo.InvariantCulture)} new, {f.Changed.ToString(CultureInfo.InvariantCulture)} corrected, {f.Unchanged.ToString(CultureInfo.InvariantCulture)} unchanged"));
        return new BundleCommitResult(ImportOutcome.Committed, $"Imported {preview.FileName}: {perFile}.", preview, created, preview.UpdateCount, preview.UnchangedCount);
    }

    private async Task<BundlePlan> PlanBundleAsync(DashboardDbContext db, ImportBundle bundle, CancellationToken cancellationToken)
    {
        var present = SeedReader.FileNames.Where(bundle.Files.ContainsKey).ToList();
        var empty = new SeedData([], [], [], [], [], []);
        if (bundle.Errors.Count > 0)
        {
            return new BundlePlan(new BundlePreview(bundle.Name, bundle.Sha256, bundle.Bytes, bundle.Errors, []) { Present = present }, empty, null, new Dictionary<string, int>(), new Dictionary<string, int>());
        }

        var dates = ReferenceDates.From(editing.Value, time);
        var store = await CsvReferenceData.LoadAsync(db, dates, cancellationToken);
        var others = bundle.Files.Where(f => f.Key != FigureCsv.FileName && SeedReader.FileNames.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var (seed, problems) = new SeedReader(options.Value).Read(others, dates, store);
        var fileErrors = problems.Where(e => e.Row == 0).ToList();
        var keyRows = others.SelectMany(f => KeyRows(f.Key, f.Value).Select(p => (File: f.Key, p.Key, p.Row))).ToList();
        var rowByKey = keyRows.GroupBy(p => (p.File, p.Key)).ToDictionary(g => g.Key, g => g.First().Row);
        var keyByRow = keyRows.ToDictionary(p => (p.File, p.Row), p => p.Key);
        int RowOf(string file, string key) => rowByKey.GetValueOrDefault((file, key));
        string KeyOf(string file, int row) => keyByRow.GetValueOrDefault((file, row)) ?? "";
        var rows = problems.Where(e => e.Row > 0)
            .GroupBy(e => (e.File, e.Row))
            .Select(g => new BundleRow(g.Key.File, g.Key.Row, KeyOf(g.Key.File, g.Key.Row), ImportRowStatus.Error, [], g.ToList()))
            .ToList();
        var failed = rows.Select(r => (r.File, r.Row)).ToHashSet();

        void Add(string file, string key, List<ImportChange> changes, bool exists, bool correctable, string what)
        {
            var row = RowOf(file, key);
            if (failed.Contains((file, row)))
            {
                return;
            }

            if (!exists)
            {
                rows.Add(new BundleRow(file, row, key, ImportRowStatus.New, [], []));
            }
            else if (changes.Count == 0)
            {
                rows.Add(new BundleRow(file, row, key, ImportRowStatus.Unchanged, [], []));
            }
            else if (correctable)
            {
                rows.Add(new BundleRow(file, row, key, ImportRowStatus.Update, changes, []));
            }
            else
            {
                rows.Add(new BundleRow(file, row, key, ImportRowStatus.Error, changes, changes.Select(c => new SeedError(file, row, c.Column,
                    $"{what} '{key}' is in the store with {c.Column} '{c.Old ?? ""}' but the file says '{c.New ?? ""}'; an import adds {what}s but does not change them: correct it on its page under /reference (with its revision), or make the row match the store or leave it out")).ToList()));
            }
        }

        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        foreach (var u in seed.Units)
        {
            var stored = units.GetValueOrDefault(u.Code);
            Add(UnitsFile, u.Code, stored is null ? [] : Diff(
                ("name", stored.Name, u.Name),
                ("kind", SeedReader.ToFileText(stored.Kind.ToString()), SeedReader.ToFileText(u.Kind.ToString())),
                ("decimals", stored.Decimals.ToString(CultureInfo.InvariantCulture), u.Decimals.ToString(CultureInfo.InvariantCulture)),
                ("currency", stored.Currency, u.Currency)), stored is not null, false, "unit");
        }

        var metrics = await db.Metrics.AsNoTracking().ToDictionaryAsync(m => m.Code, StringComparer.Ordinal, cancellationToken);
        foreach (var m in seed.Metrics)
        {
            var stored = metrics.GetValueOrDefault(m.Code);
            Add(MetricsFile, m.Code, stored is null ? [] : Diff(
                ("name", stored.Name, m.Name),
                ("kind", SeedReader.ToFileText(stored.Kind.ToString()), SeedReader.ToFileText(m.Kind.ToString())),
                ("units", string.Join(';', stored.Units), string.Join(';', m.Units)),
                ("description", stored.Description, m.Description),
                ("hxl_hashtag", stored.HxlHashtag, m.HxlHashtag)), stored is not null, false, "metric");
        }

        var locations = await db.Locations.AsNoTracking()
            .Select(l => new { l.Code, l.Name, l.Level, l.PCode, l.NameHy, l.NameRu, Parent = l.Parent == null ? null : l.Parent.Code })
            .ToDictionaryAsync(l => l.Code, StringComparer.Ordinal, cancellationToken);
        foreach (var l in seed.Locations)
        {
            var stored = locations.GetValueOrDefault(l.Code);
            Add(LocationsFile, l.Code, stored is null ? [] : Diff(
                ("name", stored.Name, l.Name),
                ("parent", stored.Parent, l.ParentCode),
                ("level", SeedReader.ToFileText(stored.Level.ToString()), SeedReader.ToFileText(l.Level.ToString())),
                ("pcode", stored.PCode, l.PCode),
                // A file without the names (written before the columns existed) leaves the stored ones alone.
                ("name_hy", stored.NameHy, l.NameHy ?? stored.NameHy),
                ("name_ru", stored.NameRu, l.NameRu ?? stored.NameRu)), stored is not null, false, "place");
        }

        var sources = await db.Sources.AsNoTracking().ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, cancellationToken);
        foreach (var s in seed.Sources)
        {
            var stored = sources.GetValueOrDefault(s.Key);
            var old = stored is null ? null : SourceSnapshot.Of(stored);
            var incoming = ToSource(s);
            incoming.PublishedTime = PublishedTime(s, stored);
            var now = SourceSnapshot.Of(incoming);
            Add(ExportService.SourcesFile, s.Key, old is null ? [] : Diff(
                ("title", old.Title, now.Title),
                ("publisher", old.Publisher, now.Publisher),
                ("published", old.Published, now.Published),
                ("published_time", old.PublishedTime, now.PublishedTime),
                ("url", old.Url, now.Url),
                ("kind", old.Kind, now.Kind)), old is not null, true, "source");
        }

        var events = await db.Events.AsNoTracking()
            .Select(e => new { Event = e, Source = e.Source.Key })
            .ToDictionaryAsync(e => e.Event.Key, StringComparer.Ordinal, cancellationToken);
        foreach (var e in seed.Events)
        {
            var stored = events.GetValueOrDefault(e.Key);
            var old = stored is null ? null : EventSnapshot.Of(stored.Event, stored.Source);
            var now = EventSnapshot.Of(ToEvent(e), e.SourceKey);
            Add(ExportService.EventsFile, e.Key, old is null ? [] : Diff(
                ("date", old.Date, now.Date),
                ("precision", old.Precision, now.Precision),
                ("title", old.Title, now.Title),
                ("description", old.Description, now.Description),
                ("source", old.Source, now.Source)), old is not null, true, "event");
        }

        ImportPlan? figures = null;
        if (bundle.Files.TryGetValue(FigureCsv.FileName, out var figureBytes))
        {
            var decimals = seed.Units.GroupBy(u => u.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Decimals, StringComparer.Ordinal);
            foreach (var (code, d) in store.UnitDecimals)
            {
                decimals.TryAdd(code, d);
            }

            var reference = SeedReader.Merge(decimals, seed.Metrics, seed.Locations, seed.Sources, dates, store);
            using var stream = new MemoryStream(figureBytes, writable: false);
            figures = await PlanAsync(db, stream, FigureCsv.FileName, cancellationToken, reference);
            // Revisions name what the user imported: the bundle and its SHA-256, not the file inside it.
            figures = figures with { Preview = figures.Preview with { FileName = bundle.Name, Sha256 = bundle.Sha256 } };
            fileErrors.AddRange(figures.Preview.FileErrors.Select(e => new SeedError(FigureCsv.FileName, e.Row, e.Column, e.Reason)));
            rows.AddRange(figures.Preview.Rows.Select(r => new BundleRow(
                FigureCsv.FileName,
                r.Row,
                FigureKey(r),
                r.Status,
                r.Changes,
                r.Errors.Select(e => new SeedError(FigureCsv.FileName, e.Row, e.Column, e.Reason)).ToList())
            {
                Warnings = r.Warnings.Select(w => new SeedError(FigureCsv.FileName, w.Row, w.Column, w.Reason)).ToList(),
            }));
        }

        // A corrected publication date may not go before the figures that cite the source (ReferenceDates): the stored
        // ones, but for those figures.csv corrects (the figure rows are checked against the new date themselves).
        var moved = figures?.Preview.Rows.Where(r => r.Status == ImportRowStatus.Update).Select(r => r.FigureId).OfType<int>().ToList() ?? [];
        foreach (var s in seed.Sources)
        {
            if (s.Published is not { } published || !sources.TryGetValue(s.Key, out var stored) || stored.Published == published)
            {
                continue;
            }

            var index = rows.FindIndex(r => r.File == ExportService.SourcesFile && r.Key == s.Key && r.Status == ImportRowStatus.Update);
            if (index < 0)
            {
                continue;
            }

            var (count, latest) = await SourceEditor.LaterFiguresAsync(db, stored.Id, published, moved, cancellationToken);
            if (ReferenceDates.BeforeItsFigures(published, latest, count) is { } tooEarly)
            {
                var row = rows[index];
                rows[index] = row with { Status = ImportRowStatus.Error, Errors = [new SeedError(ExportService.SourcesFile, row.Row, "published", $"source '{s.Key}': {tooEarly}")] };
            }
        }

        var order = SeedReader.FileNames.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => p.i, StringComparer.Ordinal);
        var preview = new BundlePreview(
            bundle.Name,
            bundle.Sha256,
            bundle.Bytes,
            fileErrors.OrderBy(e => order.GetValueOrDefault(e.File)).ThenBy(e => e.Row).ToList(),
            rows.OrderBy(r => order.GetValueOrDefault(r.File)).ThenBy(r => r.Row).ToList())
        {
            Figures = figures?.Preview,
            Present = present,
        };
        return new BundlePlan(
            preview,
            seed,
            figures,
            sources.ToDictionary(p => p.Key, p => p.Value.Version, StringComparer.Ordinal),
            events.ToDictionary(p => p.Key, p => p.Value.Event.Version, StringComparer.Ordinal));
    }

    /// <summary>New units, metrics and sources, corrected sources, then new places (parents first, as the file orders them).</summary>
    private static async Task WriteReferenceAsync(DashboardDbContext db, BundlePlan plan, DateTime now, string userName, string reason, CancellationToken cancellationToken)
    {
        var (isNew, isUpdate) = plan.Selectors;
        // A unit's revisions are keyed by its Id, the next free number (as SeedWriter and ReferenceEditor give it).
        var nextUnitId = (await db.Units.MaxAsync(u => (int?)u.Id, cancellationToken) ?? 0) + 1;
        var newUnits = plan.Seed.Units.Where(u => isNew(UnitsFile, u.Code)).Select(u => new Unit
        {
            Id = nextUnitId++, Code = u.Code, Name = u.Name, Kind = u.Kind, Decimals = u.Decimals, Currency = u.Currency, UpdatedAtUtc = now, UpdatedBy = userName,
        }).ToList();
        db.Units.AddRange(newUnits);
        var newMetrics = plan.Seed.Metrics.Where(m => isNew(MetricsFile, m.Code)).Select(m => new Metric
        {
            Code = m.Code, Name = m.Name, Kind = m.Kind, Units = [.. m.Units], Description = m.Description, HxlHashtag = m.HxlHashtag, UpdatedAtUtc = now, UpdatedBy = userName,
        }).ToList();
        db.Metrics.AddRange(newMetrics);

        var created = plan.Seed.Sources.Where(s => isNew(ExportService.SourcesFile, s.Key)).Select(s =>
        {
            var source = ToSource(s);
            source.UpdatedAtUtc = now;
            source.UpdatedBy = userName;
            return source;
        }).ToList();
        db.Sources.AddRange(created);

        var corrections = plan.Seed.Sources.Where(s => isUpdate(ExportService.SourcesFile, s.Key)).ToList();
        var keys = corrections.Select(s => s.Key).ToList();
        var tracked = await db.Sources.Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, cancellationToken);
        var corrected = new List<(Source Entity, SourceSnapshot Old)>();
        foreach (var s in corrections)
        {
            var entity = tracked[s.Key];
            if (entity.Version != plan.SourceVersions[s.Key])
            {
                throw new DbUpdateConcurrencyException($"Source {s.Key} changed while importing.");
            }

            var old = SourceSnapshot.Of(entity);
            entity.PublishedTime = PublishedTime(s, entity);
            (entity.Title, entity.Publisher, entity.Published, entity.Url, entity.Kind) = (s.Title, s.Publisher, s.Published, s.Url, s.Kind);
            entity.Version += 1;
            entity.UpdatedAtUtc = now;
            entity.UpdatedBy = userName;
            corrected.Add((entity, old));
        }

        await db.SaveChangesAsync(cancellationToken);
        db.Revisions.AddRange(created.Select(s => RevisionLog.Create(
            RevisionLog.SourceType, s.Id, 1, RevisionKind.Imported, userName, now, null, SourceSnapshot.Of(s), reason, plan.Preview.FileName, plan.Preview.Sha256)));
        db.Revisions.AddRange(corrected.Select(c => RevisionLog.Create(
            RevisionLog.SourceType, c.Entity.Id, c.Entity.Version, RevisionKind.Imported, userName, now, c.Old, SourceSnapshot.Of(c.Entity), reason, plan.Preview.FileName, plan.Preview.Sha256)));

        var locations = await db.Locations.ToDictionaryAsync(l => l.Code, StringComparer.Ordinal, cancellationToken);
        var newLocations = new List<(Location Entity, string? ParentCode)>();
        foreach (var l in plan.Seed.Locations.Where(l => isNew(LocationsFile, l.Code)))
        {
            // The parent is a place of the store or one added on an earlier row: EF saves it first through the navigation.
            var entity = new Location
            {
                Code = l.Code, Name = l.Name, Level = l.Level, PCode = l.PCode, NameHy = l.NameHy, NameRu = l.NameRu, Parent = l.ParentCode is null ? null : locations[l.ParentCode], UpdatedAtUtc = now, UpdatedBy = userName,
            };
            db.Locations.Add(entity);
            locations[l.Code] = entity;
            newLocations.Add((entity, l.ParentCode));
        }

        await db.SaveChangesAsync(cancellationToken);

        // New units, metrics and places start their history here, as the seed's and the reference pages' do.
        db.Revisions.AddRange(newUnits.Select(u => RevisionLog.Create(
            RevisionLog.UnitType, u.Id, 1, RevisionKind.Imported, userName, now, null, UnitSnapshot.Of(u), reason, plan.Preview.FileName, plan.Preview.Sha256)));
        db.Revisions.AddRange(newMetrics.Select(m => RevisionLog.Create(
            RevisionLog.MetricType, m.Id, 1, RevisionKind.Imported, userName, now, null, MetricSnapshot.Of(m), reason, plan.Preview.FileName, plan.Preview.Sha256)));
        db.Revisions.AddRange(newLocations.Select(l => RevisionLog.Create(
            RevisionLog.LocationType, l.Entity.Id, 1, RevisionKind.Imported, userName, now, null, LocationSnapshot.Of(l.Entity, l.ParentCode), reason, plan.Preview.FileName, plan.Preview.Sha256)));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>New and corrected events, each with its <c>Imported</c> revision.</summary>
    private static async Task WriteEventsAsync(DashboardDbContext db, BundlePlan plan, DateTime now, string userName, string reason, CancellationToken cancellationToken)
    {
        var (isNew, isUpdate) = plan.Selectors;
        var sourceIds = await db.Sources.ToDictionaryAsync(s => s.Key, s => s.Id, StringComparer.Ordinal, cancellationToken);
        var created = plan.Seed.Events.Where(e => isNew(ExportService.EventsFile, e.Key)).Select(e =>
        {
            var entity = ToEvent(e);
            entity.SourceId = sourceIds[e.SourceKey];
            entity.UpdatedAtUtc = now;
            entity.UpdatedBy = userName;
            return (Entity: entity, Source: e.SourceKey);
        }).ToList();
        db.Events.AddRange(created.Select(c => c.Entity));

        var corrections = plan.Seed.Events.Where(e => isUpdate(ExportService.EventsFile, e.Key)).ToList();
        var keys = corrections.Select(e => e.Key).ToList();
        var tracked = await db.Events.Include(e => e.Source).Where(e => keys.Contains(e.Key)).ToDictionaryAsync(e => e.Key, StringComparer.Ordinal, cancellationToken);
        var corrected = new List<(TimelineEvent Entity, EventSnapshot Old, string Source)>();
        foreach (var e in corrections)
        {
            var entity = tracked[e.Key];
            if (entity.Version != plan.EventVersions[e.Key])
            {
                throw new DbUpdateConcurrencyException($"Event {e.Key} changed while importing.");
            }

            var old = EventSnapshot.Of(entity, entity.Source.Key);
            (entity.Date, entity.Precision, entity.Title, entity.Description) = (e.Date, e.Precision, e.Title, e.Description);
            entity.SourceId = sourceIds[e.SourceKey];
            entity.Version += 1;
            entity.UpdatedAtUtc = now;
            entity.UpdatedBy = userName;
            corrected.Add((entity, old, e.SourceKey));
        }

        await db.SaveChangesAsync(cancellationToken);
        db.Revisions.AddRange(created.Select(c => RevisionLog.Create(
            RevisionLog.EventType, c.Entity.Id, 1, RevisionKind.Imported, userName, now, null, EventSnapshot.Of(c.Entity, c.Source), reason, plan.Preview.FileName, plan.Preview.Sha256)));
        db.Revisions.AddRange(corrected.Select(c => RevisionLog.Create(
            RevisionLog.EventType, c.Entity.Id, c.Entity.Version, RevisionKind.Imported, userName, now, c.Old, EventSnapshot.Of(c.Entity, c.Source), reason, plan.Preview.FileName, plan.Preview.Sha256)));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Source ToSource(SeedSource s) => new() { Key = s.Key, Title = s.Title, Publisher = s.Publisher, Published = s.Published, PublishedTime = s.PublishedTime, Url = s.Url, Kind = s.Kind };

    /// <summary>
    /// The time of publication a source gets from a sources.csv row: the row's; or, when the row has none (a file
    /// written before the column existed), the stored one, as long as the date stays the same.
    /// </summary>
    private static TimeOnly? PublishedTime(SeedSource row, Source? stored) =>
        row.PublishedTime ?? (stored is not null && stored.Published == row.Published ? stored.PublishedTime : null);

    private static TimelineEvent ToEvent(SeedEvent e) => new() { Key = e.Key, Date = e.Date, Precision = e.Precision, Title = e.Title, Description = e.Description };

    private static List<ImportChange> Diff(params (string Column, string? Old, string? New)[] cells) =>
        cells.Where(c => !string.Equals(c.Old ?? "", c.New ?? "", StringComparison.Ordinal)).Select(c => new ImportChange(c.Column, c.Old, c.New)).ToList();

    private static string FigureKey(ImportRow r) => r.Figure is { } f
        ? f.ExternalId ?? (f.FigureId is { } id ? "figure " + id.ToString(CultureInfo.InvariantCulture) : $"{f.Metric} · {f.Location} · {FigureCsv.FormatDate(f.Date)}")
        : r.ExternalId ?? "";

    /// <summary>Each data row's key (first column) and row number, to say where a code stands in its file.</summary>
    private static List<(string Key, int Row)> KeyRows(string file, byte[] bytes)
    {
        var (columns, optional) = file switch
        {
            UnitsFile => (SeedReader.UnitColumns, SeedReader.UnitOptionalColumns),
            MetricsFile => (SeedReader.MetricColumns, SeedReader.MetricOptionalColumns),
            LocationsFile => (SeedReader.LocationColumns, SeedReader.LocationOptionalColumns),
            ExportService.SourcesFile => (SeedReader.SourceColumns, SeedReader.SourceOptionalColumns),
            _ => (SeedReader.EventColumns, (string[]?)null),
        };
        try
        {
            using var reader = new StreamReader(new MemoryStream(bytes, writable: false), detectEncodingFromByteOrderMarks: true);
            return CsvTable.Read(reader, file, columns, [], optional).Select(r => (r[columns[0]].Trim(), r.Row)).ToList();
        }
        catch (DecoderFallbackException)
        {
            return [];
        }
    }

    private sealed record BundlePlan(
        BundlePreview Preview,
        SeedData Seed,
        ImportPlan? Figures,
        IReadOnlyDictionary<string, int> SourceVersions,
        IReadOnlyDictionary<string, int> EventVersions)
    {
        /// <summary>Whether a file's row with this key is to be created, or corrected.</summary>
        public (Func<string, string, bool> IsNew, Func<string, string, bool> IsUpdate) Selectors
        {
            get
            {
                var byStatus = Preview.Rows.ToLookup(r => r.Status, r => (r.File, r.Key));
                var created = byStatus[ImportRowStatus.New].ToHashSet();
                var updated = byStatus[ImportRowStatus.Update].ToHashSet();
                return ((file, key) => created.Contains((file, key)), (file, key) => updated.Contains((file, key)));
            }
        }
    }
}
