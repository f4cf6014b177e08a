using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// snapshot.zip exported from a store, imported into an empty store (migrated, nothing seeded) as a six-file import, and
/// exported again: all six files hold the same rows. Real SQLite files, the real export and import services.
/// </summary>
public sealed class SnapshotRoundTripTests
{
    private static readonly SeedData Seed = new SeedReader().ReadDirectory(Path.Combine(AppContext.BaseDirectory, "seed"));

    private static readonly SeedData Nothing = new([], [], [], [], [], []);

    [Fact]
    public async Task SeededStore_SnapshotImportedIntoAnEmptyStore_ExportsTheSameRows()
    {
        await using var from = await IsolatedStore.CreateAsync(Nothing, [], []);
        await ApplyAsync(from, Seed);

        await AssertRoundTripAsync(from, expectedFigures: Seed.Figures.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task GeneratedStore_WithCorrectionsAndRetractions_SnapshotImportedIntoAnEmptyStore_ExportsTheSameRows(int seed)
    {
        var random = new Random(seed);
        var data = Generate(random);
        await using var from = await IsolatedStore.CreateAsync(Nothing, [], []);
        await ApplyAsync(from, data);

        // Corrections and retractions through the figure editor, as staff make them: revisions the snapshot flattens.
        var editor = new FigureEditor(from, Options.Create(new EditingOptions()), TimeProvider.System, new FigureChangeNotifier(), new Plausibility(Options.Create(new EditingOptions())));
        await using (var db = from.CreateDbContext())
        {
            var ids = await db.Figures.OrderBy(f => f.Id).Select(f => f.Id).ToListAsync();
            var retracted = 0;
            foreach (var id in ids)
            {
                var roll = random.Next(4);
                if (roll == 0)
                {
                    var loaded = (await editor.LoadAsync(id))!;
                    loaded.Input.Note = "corrected, " + Text(random, 6);
                    loaded.Input.Qualifier = (Qualifier)random.Next(4);
                    var corrected = await editor.CorrectAsync(IsolatedStore.Editor, id, loaded.Version, loaded.Input, "a correction in a test", confirmDuplicate: true);
                    Assert.True(corrected.Status == EditStatus.Saved, $"{corrected.Status}: {string.Join("; ", corrected.FieldErrors.Select(e => e.Field + " " + e.Message))}");
                }
                else if (roll == 1)
                {
                    var loaded = (await editor.LoadAsync(id))!;
                    var result = await editor.RetractAsync(IsolatedStore.Editor, id, loaded.Version, "retracted in a test");
                    Assert.Equal(EditStatus.Saved, result.Status);
                    retracted++;
                }
            }

            await AssertRoundTripAsync(from, expectedFigures: ids.Count - retracted);
        }
    }

    private static async Task AssertRoundTripAsync(IsolatedStore from, int expectedFigures)
    {
        await using var to = await IsolatedStore.CreateAsync(Nothing, [], []);
        var first = await SnapshotAsync(from);

        var bundle = ImportBundle.FromZip(first, "snapshot.zip", new ImportOptions());
        var result = await to.Import.CommitBundleAsync(bundle, IsolatedStore.Editor);

        Assert.True(result.Succeeded, result.Message + " " + string.Join("; ", result.Preview?.Errors ?? []));
        Assert.Equal(0, result.Updated);
        var second = await SnapshotAsync(to);
        var before = Files(first);
        var after = Files(second);
        Assert.Equal(SeedReader.FileNames.Order(), before.Keys.Order());
        Assert.Equal(expectedFigures, before[FigureCsv.FileName].Count - 1); // less the HXL row
        foreach (var name in SeedReader.FileNames)
        {
            Assert.True(before[name].SequenceEqual(after[name]), $"{name} differs after the round trip:\n-{string.Join("\n-", before[name].Except(after[name]))}\n+{string.Join("\n+", after[name].Except(before[name]))}");
        }
    }

    private static async Task<byte[]> SnapshotAsync(IsolatedStore store)
    {
        using var output = new MemoryStream();
        await store.Export.WriteSnapshotZipAsync(output, asOfUtc: null);
        return output.ToArray();
    }

    /// <summary>
    /// Each CSV file's data rows, sorted, as one string per row. Only figure_id and revision are left out of figures.csv:
    /// they are the store's own numbers (a generated key; how many revisions the figure has had), which a new store
    /// gives afresh. manifest.json is not compared: it carries the export's time and those files' SHA-256.
    /// </summary>
    private static Dictionary<string, List<string>> Files(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var files = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".csv", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
            csv.Read();
            csv.ReadHeader();
            var header = csv.HeaderRecord!;
            var kept = Enumerable.Range(0, header.Length).Where(i => header[i] is not (FigureCsv.FigureId or FigureCsv.Revision)).ToArray();
            var rows = new List<string>();
            while (csv.Read())
            {
                rows.Add(string.Join("\u241F", kept.Select(i => csv.Parser.Record![i])));
            }

            rows.Sort(StringComparer.Ordinal);
            files[entry.FullName] = rows;
        }

        return files;
    }

    private static async Task ApplyAsync(IsolatedStore store, SeedData data)
    {
        await using var db = store.CreateDbContext();
        await SeedWriter.ApplyAsync(db, data, DateTime.UtcNow, CancellationToken.None);
    }

    private static readonly string[] Pieces = ["a", "Z", " ", ",", "\"", "'", "\n", "=", "-", "+", "@", "Երևան", "Ереван", "日本", "😀", "100,000", "; "];

    /// <summary>Text with the characters CSV and spreadsheets trip over (quotes, commas, line breaks, a leading '='), trimmed as the readers trim cells.</summary>
    private static string Text(Random random, int pieces)
    {
        while (true)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, pieces + 1)).Select(_ => Pieces[random.Next(Pieces.Length)])).Trim();
            if (text.Length > 0)
            {
                return text;
            }
        }
    }

    /// <summary>
    /// A store's worth of reference data and figures: units including money with two and three decimals, metrics of
    /// varied kinds and units, places nested up to four levels, sources of every kind, day and month events, and
    /// figures dated on or before their source's publication.
    /// </summary>
    private static SeedData Generate(Random random)
    {
        var units = new List<Unit>
        {
            new() { Code = "people", Name = "people", Kind = UnitKind.Count, Decimals = 0 },
            new() { Code = "usd", Name = "US dollars", Kind = UnitKind.Money, Decimals = 2, Currency = "USD" },
            new() { Code = "kwd", Name = "Kuwaiti dinars", Kind = UnitKind.Money, Decimals = 3, Currency = "KWD" },
            new() { Code = "pct", Name = "per cent", Kind = UnitKind.Percent, Decimals = 1 },
        };
        for (var i = 0; i < random.Next(0, 3); i++)
        {
            units.Add(new Unit { Code = $"u{i}", Name = Text(random, 3), Kind = UnitKind.Count, Decimals = random.Next(0, 4) });
        }

        var metrics = Enumerable.Range(0, random.Next(2, 6)).Select(i =>
        {
            var allowed = units.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(u => u.Code).ToList();
            return new SeedMetric($"metric_{i}", Text(random, 4), (MetricKind)random.Next(Enum.GetValues<MetricKind>().Length), allowed, random.Next(2) == 0 ? null : Text(random, 8));
        }).ToList();

        var locations = new List<SeedLocation> { new("XA", "Xland " + Text(random, 2), null, LocationLevel.Country) };
        var levels = new[] { LocationLevel.Adm1, LocationLevel.Place, LocationLevel.Site };
        for (var i = 0; i < random.Next(2, 10); i++)
        {
            var parent = locations[random.Next(locations.Count)];
            var depth = parent.Code.Count(c => c == '-');
            if (depth >= levels.Length)
            {
                continue;
            }

            locations.Add(new SeedLocation($"{parent.Code}-{i.ToString("D2", CultureInfo.InvariantCulture)}", Text(random, 3), parent.Code, levels[depth]));
        }

        var sources = Enumerable.Range(0, random.Next(1, 5)).Select(i => new SeedSource(
            $"GS{i}",
            Text(random, 10),
            Text(random, 4),
            new DateOnly(2023, 10, 1).AddDays(random.Next(0, 60)),
            random.Next(2) == 0 ? null : $"https://example.org/report?id={i},{random.Next(100)}",
            (SourceKind)random.Next(Enum.GetValues<SourceKind>().Length))).ToList();

        var events = Enumerable.Range(0, random.Next(0, 5)).Select(i =>
        {
            var month = random.Next(2) == 0;
            var date = new DateOnly(2023, random.Next(1, 13), month ? 1 : random.Next(1, 29));
            return new SeedEvent($"GE{i}", date, month ? DatePrecision.Month : DatePrecision.Day, Text(random, 6), random.Next(2) == 0 ? null : Text(random, 12), sources[random.Next(sources.Count)].Key);
        }).ToList();

        var figures = Enumerable.Range(0, random.Next(1, 16)).Select(i =>
        {
            var metric = metrics[random.Next(metrics.Count)];
            var unit = metric.Units[random.Next(metric.Units.Count)];
            var source = sources[random.Next(sources.Count)];
            var minutes = random.Next(24 * 60);
            return new SeedFigure(
                $"GF-{i}",
                metric.Code,
                locations[random.Next(locations.Count)].Code,
                source.Published!.Value.AddDays(-random.Next(0, 40)),
                random.Next(2) == 0 ? null : new TimeOnly(minutes / 60, minutes % 60),
                random.NextInt64(0, 1_000_000_000),
                unit,
                (Qualifier)random.Next(4),
                source.Key,
                random.Next(2) == 0 ? null : Text(random, 8));
        }).ToList();

        return new SeedData(units, metrics, locations, sources, figures, events);
    }
}
