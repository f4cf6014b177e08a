using DisplacementDashboard.Core.Extraction;
using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.UnitTests.Extraction;

/// <summary>The extractor over the seed's metrics, places and units, as the command line builds it.</summary>
internal static class Extractor
{
    public static readonly DateOnly Published = new(2023, 9, 27); // a Wednesday

    private static readonly Lazy<FigureExtractor> Instance = new(() => new FigureExtractor(
        ExtractionVocabulary.FromSeed(new SeedReader().ReadDirectory(Path.Combine(AppContext.BaseDirectory, "seed")), new DateOnly(2015, 1, 1))));

    public static IReadOnlyList<ExtractedFigure> Extract(string text, DateOnly? published = null) =>
        Instance.Value.Extract(text, published ?? Published);

    public static ExtractedFigure Single(string text, DateOnly? published = null)
    {
        var found = Extract(text, published);
        Assert.True(found.Count == 1, $"expected one figure in \"{text}\", found {found.Count}: {string.Join(" | ", found.Select(f => f.Phrase))}");
        return found[0];
    }
}
