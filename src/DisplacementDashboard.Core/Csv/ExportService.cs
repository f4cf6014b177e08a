using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Csv;

/// <summary>One file of a snapshot: data rows (header not counted), size and SHA-256 of its bytes.</summary>
public sealed record SnapshotFile(string Name, int Rows, long Bytes, string Sha256);

/// <summary>manifest.json of a snapshot.zip.</summary>
public sealed record SnapshotManifest(string Format, int FormatVersion, DateTime AsOfUtc, bool FromHistory, DateTime CreatedUtc, IReadOnlyList<SnapshotFile> Files, DateTimeOffset? KnownAt = null);

/// <summary>
/// Writes figure CSV files and snapshot.zip archives straight to a stream (an HTTP response), row by row:
/// memory does not grow with the number of figures. See docs/csv-format.md.
/// </summary>
public sealed class ExportService(FigureRecordReader reader, IDbContextFactory<DashboardDbContext> contextFactory, IOptions<EditingOptions> editing, TimeProvider time)
{
    public const string SnapshotFormat = "displacement-dashboard-snapshot";
    public const string SourcesFile = "sources.csv";
    public const string EventsFile = "events.csv";
    public const string ManifestFile = "manifest.json";
    public const string UnitsFile = "units.csv";
    public const string MetricsFile = "metrics.csv";
    public const string LocationsFile = "locations.csv";

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Now, from the injected clock (UTC).</summary>
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>"figures_2026-11-22T010000Z.csv": the stem, the as-of instant in UTC, the extension.</summary>
    public static string FileName(string stem, DateTime asOfUtc, string extension) =>
        $"{stem}_{asOfUtc.ToUniversalTime().ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.{extension}";

    /// <summary>The codes filters may use (metrics, locations, sources) and the accepted reference dates, for checking query parameters.</summary>
    public async Task<CsvReferenceData> GetReferenceDataAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await CsvReferenceData.LoadAsync(db, ReferenceDates.From(editing.Value, time), cancellationToken);
    }

    /// <summary>Source keys by source id (the figures page filters by id, files and snapshots use keys).</summary>
    public async Task<IReadOnlyDictionary<int, string>> GetSourceKeysByIdAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Sources.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Key, cancellationToken);
    }

    /// <summary>How many figures an export with this query holds.</summary>
    public Task<int> CountAsync(FigureRecordQuery query, CancellationToken cancellationToken = default) => reader.CountAsync(query, cancellationToken);

    /// <summary>
    /// Writes the figures matching <paramref name="query"/> as figure CSV, with the HXL row when <paramref name="hxl"/>
    /// is set (metric- and location-specific hashtags when the query names one metric or location). Returns the rows written.
    /// </summary>
    public async Task<int> WriteFiguresCsvAsync(Stream output, FigureRecordQuery query, bool hxl, CancellationToken cancellationToken = default)
    {
        var hxlRow = hxl ? await HxlRowAsync(query, cancellationToken) : null;
        await using var writer = new FigureCsvWriter(output, withVerified: true);
        await writer.WriteHeaderAsync(hxlRow, cancellationToken);
        await foreach (var figure in reader.ReadAsync(query, cancellationToken))
        {
            await writer.WriteAsync(figure, cancellationToken);
        }

        return writer.Rows;
    }

    /// <summary>
    /// Writes snapshot.zip: figures.csv (with HXL row), sources.csv and events.csv as they were at
    /// <paramref name="asOfUtc"/> (now when null), units.csv, metrics.csv and locations.csv as they are now (their
    /// revisions are not read back here), all six in the seed's formats, and manifest.json with the as-of instant, row counts and the
    /// SHA-256 of each file, computed while writing. The archive is written in create mode, entry by entry. With
    /// <paramref name="publishedBy"/> (<c>knownAt</c>) only sources published by then, and their figures and events, are written.
    /// </summary>
    public async Task<SnapshotManifest> WriteSnapshotZipAsync(Stream output, DateTime? asOfUtc, PublishedCutoff? publishedBy = null, CancellationToken cancellationToken = default)
    {
        var now = UtcNow;
        var asOf = DateTime.SpecifyKind(asOfUtc ?? now, DateTimeKind.Utc);
        var files = new List<SnapshotFile>();
        var counted = new HashSet<string>(StringComparer.Ordinal);
        bool Counts(SourceSnapshot s)
        {
            if (publishedBy is { } cutoff && !cutoff.Admits(
                    FigureCsv.TryParseDate(s.Published ?? "", out var day) ? day : null,
                    s.PublishedTime is { } t && FigureCsv.TryParseTime(t, out var at) ? at : null))
            {
                return false;
            }

            counted.Add(s.Key);
            return true;
        }

        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            files.Add(await WriteEntryAsync(zip, FigureCsv.FileName, async stream =>
            {
                await using var writer = new FigureCsvWriter(stream);
                await writer.WriteHeaderAsync(Hxl.Row(), cancellationToken);
                await foreach (var figure in reader.ReadAsync(new FigureRecordQuery(AsOfUtc: asOfUtc) { PublishedBy = publishedBy }, cancellationToken))
                {
                    await writer.WriteAsync(figure, cancellationToken);
                }

                return writer.Rows;
            }));

            files.Add(await WriteEntryAsync(zip, SourcesFile, async stream =>
            {
                await using var csv = new SafeCsvWriter(stream);
                await csv.WriteHeaderRowAsync([.. SeedReader.SourceColumns, .. SeedReader.SourceOptionalColumns], cancellationToken);
                await foreach (var s in reader.ReadSourcesAsync(asOfUtc, cancellationToken))
                {
                    if (!Counts(s))
                    {
                        continue;
                    }

                    csv.Text(s.Key);
                    csv.Text(s.Title);
                    csv.Text(s.Publisher);
                    csv.Text(s.Published);
                    csv.Text(s.Url);
                    csv.Text(s.Kind);
                    csv.Text(s.PublishedTime);
                    await csv.EndRowAsync(cancellationToken);
                }

                return csv.Rows;
            }));

            files.Add(await WriteEntryAsync(zip, EventsFile, async stream =>
            {
                await using var csv = new SafeCsvWriter(stream);
                await csv.WriteHeaderRowAsync(SeedReader.EventColumns, cancellationToken);
                await foreach (var e in reader.ReadEventsAsync(asOfUtc, cancellationToken))
                {
                    if (publishedBy is not null && !counted.Contains(e.Source))
                    {
                        continue;
                    }

                    csv.Text(e.Key);
                    csv.Text(e.Date);
                    csv.Text(e.Precision);
                    csv.Text(e.Title);
                    csv.Text(e.Description);
                    csv.Text(e.Source);
                    await csv.EndRowAsync(cancellationToken);
                }

                return csv.Rows;
            }));

            // Units, metrics and places are carried as they are now (their revisions are not read back for an as-of snapshot), so its figures
            // and events can be imported into an empty store (docs/csv-format.md, "Six-file import").
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                var units = await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(cancellationToken);
                files.Add(await WriteEntryAsync(zip, UnitsFile, async stream =>
                {
                    await using var csv = new SafeCsvWriter(stream);
                    await csv.WriteHeaderRowAsync([.. SeedReader.UnitColumns, .. SeedReader.UnitOptionalColumns], cancellationToken);
                    foreach (var u in units)
                    {
                        csv.Text(u.Code);
                        csv.Text(u.Name);
                        csv.Text(SeedReader.ToFileText(u.Kind.ToString()));
                        csv.Text(u.Decimals.ToString(CultureInfo.InvariantCulture));
                        csv.Text(u.Currency);
                        await csv.EndRowAsync(cancellationToken);
                    }

                    return csv.Rows;
                }));

                var metrics = await db.Metrics.AsNoTracking().OrderBy(m => m.Code).ToListAsync(cancellationToken);
                files.Add(await WriteEntryAsync(zip, MetricsFile, async stream =>
                {
                    await using var csv = new SafeCsvWriter(stream);
                    await csv.WriteHeaderRowAsync([.. SeedReader.MetricColumns, .. SeedReader.MetricOptionalColumns], cancellationToken);
                    foreach (var m in metrics)
                    {
                        csv.Text(m.Code);
                        csv.Text(m.Name);
                        csv.Text(SeedReader.ToFileText(m.Kind.ToString()));
                        csv.Text(string.Join(';', m.Units));
                        csv.Text(m.Description);
                        csv.Text(m.HxlHashtag);
                        await csv.EndRowAsync(cancellationToken);
                    }

                    return csv.Rows;
                }));

                var locations = await db.Locations.AsNoTracking()
                    .Select(l => new { l.Id, l.Code, l.Name, l.Level, l.ParentId, l.PCode, l.NameHy, l.NameRu })
                    .ToListAsync(cancellationToken);
                files.Add(await WriteEntryAsync(zip, LocationsFile, async stream =>
                {
                    await using var csv = new SafeCsvWriter(stream);
                    await csv.WriteHeaderRowAsync([.. SeedReader.LocationColumns, .. SeedReader.LocationOptionalColumns], cancellationToken);
                    var byId = locations.ToDictionary(l => l.Id);
                    // Parents before their children (the file format asks it), then by code.
                    int Depth(int? parentId)
                    {
                        var depth = 0;
                        for (var id = parentId; id is { } p && depth <= byId.Count; id = byId[p].ParentId)
                        {
                            depth++;
                        }

                        return depth;
                    }

                    foreach (var l in locations.OrderBy(l => Depth(l.ParentId)).ThenBy(l => l.Code, StringComparer.Ordinal))
                    {
                        csv.Text(l.Code);
                        csv.Text(l.Name);
                        csv.Text(l.ParentId is { } parent ? byId[parent].Code : null);
                        csv.Text(SeedReader.ToFileText(l.Level.ToString()));
                        csv.Text(l.PCode);
                        csv.Text(l.NameHy);
                        csv.Text(l.NameRu);
                        await csv.EndRowAsync(cancellationToken);
                    }

                    return csv.Rows;
                }));
            }

            var manifest = new SnapshotManifest(SnapshotFormat, 1, asOf, asOfUtc is not null, now, files,
                publishedBy is { } by ? new DateTimeOffset(by.Day.ToDateTime(by.Time), KnownWhen.ArmeniaOffset) : null);
            var entry = zip.CreateEntry(ManifestFile, CompressionLevel.Optimal);
            await using var manifestStream = entry.Open();
            await JsonSerializer.SerializeAsync(manifestStream, manifest, ManifestJson, cancellationToken);
            return manifest;
        }
    }

    /// <summary>The HXL row of <see cref="WriteLocationsCsvAsync"/>: names in English, Armenian and Russian tagged +i_en, +i_hy, +i_ru.</summary>
    public static readonly string[] LocationsHxl = ["#loc+code", "#loc+name+i_en", "#loc+name+i_hy", "#loc+name+i_ru", "#loc+code+parent", "#loc+type", "#loc+code+pcode"];

    /// <summary>The header of <see cref="WriteLocationsCsvAsync"/>.</summary>
    public static readonly string[] LocationsColumns = ["code", "name", "name_hy", "name_ru", "parent", "level", "pcode"];

    /// <summary>
    /// Every place, ordered by code, with its names in English, Armenian and Russian (empty where not known), as CSV for
    /// joining to figure files, with the HXL row under the header when <paramref name="hxl"/> is set. Returns the rows written.
    /// </summary>
    public async Task<int> WriteLocationsCsvAsync(Stream output, bool hxl, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var locations = await db.Locations.AsNoTracking().OrderBy(l => l.Code)
            .Select(l => new { l.Code, l.Name, l.NameHy, l.NameRu, Parent = l.Parent == null ? null : l.Parent.Code, l.Level, l.PCode })
            .ToListAsync(cancellationToken);
        await using var csv = new SafeCsvWriter(output);
        await csv.WriteHeaderRowAsync(LocationsColumns, cancellationToken);
        if (hxl)
        {
            await csv.WriteHeaderRowAsync(LocationsHxl, cancellationToken);
        }

        foreach (var l in locations)
        {
            csv.Text(l.Code);
            csv.Text(l.Name);
            csv.Text(l.NameHy);
            csv.Text(l.NameRu);
            csv.Text(l.Parent);
            csv.Text(SeedReader.ToFileText(l.Level.ToString()));
            csv.Text(l.PCode);
            await csv.EndRowAsync(cancellationToken);
        }

        return csv.Rows;
    }

    private static async Task<SnapshotFile> WriteEntryAsync(ZipArchive zip, string name, Func<Stream, Task<int>> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var entryStream = entry.Open();
        await using var hashing = new HashingWriteStream(entryStream);
        var rows = await write(hashing);
        await hashing.FlushAsync();
        return new SnapshotFile(name, rows, hashing.Bytes, hashing.FinishHash());
    }

    private async Task<IReadOnlyList<string>> HxlRowAsync(FigureRecordQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var metric = query.Metric is null ? null : await db.Metrics.AsNoTracking().Where(m => m.Code == query.Metric).Select(m => new { m.Kind, m.Units, m.HxlHashtag }).SingleOrDefaultAsync(cancellationToken);
        var level = query.Location is null ? null : await db.Locations.AsNoTracking().Where(l => l.Code == query.Location).Select(l => (Domain.LocationLevel?)l.Level).SingleOrDefaultAsync(cancellationToken);
        return Hxl.Row(metric is null ? null : query.Metric, metric?.Kind, metric?.Units.FirstOrDefault(), level, metric?.HxlHashtag);
    }
}
