using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>Export from one store, import into an empty store (same reference data and sources): the same figures come back.</summary>
public sealed class ExportImportPropertyTests
{
    private static readonly SeedData Reference = new SeedReader().ReadDirectory(Path.Combine(AppContext.BaseDirectory, "seed"));

    private static readonly string[] Pieces =
    [
        "a", "Z", " ", ",", "\"", "'", "\n", "\r\n", "\t", "=", "-", "+", "@", "Ереван", "Երևան", "ქ", "日本", "😀", "100,000", "=SUM(A1)", "-1", "'=",
    ];

    private static Gen<string> Text(int max) =>
        Gen.Elements("", "=", "-", "+", "@", "'-")
            .SelectMany(prefix => Gen.Choose(1, max).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n)).Select(parts => prefix + string.Concat(parts)))
            .Where(s => !string.IsNullOrWhiteSpace(s));

    private static Gen<Figure> FigureGen(int index, IReadOnlyList<SeedSource> sources) =>
        from metric in Gen.Elements(Reference.Metrics.ToArray())
        from unit in Gen.Elements(metric.Units.ToArray())
        from location in Gen.Elements(Reference.Locations.Select(l => l.Code).ToArray())
        from hasTime in Gen.Elements(true, false)
        from minutes in Gen.Choose(0, (24 * 60) - 1)
        from value in Gen.Choose(0, int.MaxValue)
        from qualifier in Gen.Elements(Enum.GetValues<Qualifier>())
        from source in Gen.Elements(sources.ToArray())
        from note in Text(8).OrNull()
        from withId in Gen.Elements(true, false)
        select new Figure
        {
            ExternalId = withId ? $"P-{index}" : null,
            Metric = new Metric { Code = metric.Code, Name = metric.Name },
            Location = new Location { Code = location, Name = location },
            ReferenceDate = new DateOnly(2023, 9, 1).AddDays(index),
            LocalTime = hasTime ? new TimeOnly(minutes / 60, minutes % 60) : null,
            Value = value,
            UnitCode = unit,
            Qualifier = qualifier,
            Source = new Source { Key = source.Key, Title = source.Title, Publisher = source.Publisher },
            Note = note,
        };

    [Fact]
    public void ExportThenImportIntoAnEmptyStore_GivesBackTheSameFigures()
    {
        var gen =
            from titles in Gen.ArrayOf(Text(10), 2)
            from publishers in Gen.ArrayOf(Text(4), 2)
            let sources = titles.Select((t, i) => new SeedSource($"PS{i}", t, publishers[i], new DateOnly(2023, 10, 1), "https://example.org/report?id=1,2", SourceKind.News)).ToList()
            from count in Gen.Choose(1, 6)
            from figures in Gen.CollectToList(Enumerable.Range(0, count).Select(i => FigureGen(i, sources)))
            select (Sources: sources, Figures: figures.ToList());

        var property = Prop.ForAll(gen.ToArbitrary(), input => RoundTripAsync(input.Sources, input.Figures).GetAwaiter().GetResult());

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), property);
    }

    private static async Task RoundTripAsync(List<SeedSource> sources, List<Figure> figures)
    {
        await using var from = await IsolatedStore.CreateAsync(Reference, sources, figures);
        await using var to = await IsolatedStore.CreateAsync(Reference, sources, []);

        using var file = new MemoryStream();
        await from.Export.WriteFiguresCsvAsync(file, new FigureRecordQuery(), hxl: true);
        var bytes = file.ToArray();
        var result = await to.Import.CommitAsync(FigureFiles.Stream(bytes), "roundtrip.csv", IsolatedStore.Editor);

        Assert.True(result.Succeeded, result.Message + " " + string.Join("; ", result.Preview?.Errors ?? []));
        Assert.Equal(figures.Count, result.Created);
        static object Comparable(FigureRecord f) => (f.ExternalId, f.Metric, f.Location, f.Date, f.Time, f.Value, f.Unit, f.Qualifier, f.Source, f.SourceTitle, f.SourcePublisher, f.Note);
        var expected = (await FigureFiles.ReadStoreAsync(from.Reader, new FigureRecordQuery())).Select(Comparable).ToList();
        var actual = (await FigureFiles.ReadStoreAsync(to.Reader, new FigureRecordQuery())).Select(Comparable).ToList();
        Assert.Equal(expected, actual);
    }
}
