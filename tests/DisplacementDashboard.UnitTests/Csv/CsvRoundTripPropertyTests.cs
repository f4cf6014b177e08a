using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.UnitTests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace DisplacementDashboard.UnitTests.Csv;

public sealed class CsvRoundTripPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(200);

    [Fact]
    public void FormulaGuard_RestoreUndoesNeutralise_ForAnyText()
    {
        var property = Prop.ForAll(TextGen.FormulaLeading().ToArbitrary(), text =>
            FormulaGuard.Restore(FormulaGuard.Neutralise(text)) == text && !FormulaGuard.StartsWithTrigger(FormulaGuard.Neutralise(text)));

        Check.One(Config, property);
    }

    [Fact]
    public void WriteThenParse_GivesBackEveryFigure_WithAwkwardNotesAndTitles()
    {
        var gen =
            from title in TextGen.FormulaLeading()
            from publisher in TextGen.Awkward(4)
            from notes in Gen.ListOf(TextGen.FormulaLeading().OrNull(), 5)
            from values in Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 5)
            select (title, publisher, notes.ToList(), values);

        var property = Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (title, publisher, notes, values) = input;
            var source = new SourceReference("SX", title, publisher, "https://example.org/a?b=1,2", new DateOnly(2023, 10, 1));
            var records = notes.Select((note, i) => new FigureRecord(
                i + 1, 1, $"G{i}", "cumulative_arrivals_in_armenia", "AM", new DateOnly(2023, 9, 24).AddDays(i), i % 2 == 0 ? null : new TimeOnly(i, 30),
                values[i], "people", 0, Qualifier.AtLeast, source.Key, source.Title, source.Publisher, source.Url, source.Published, note)).ToList();

            var text = CsvFiles.WriteAsync(records, Hxl.Row()).GetAwaiter().GetResult();
            var parsed = CsvFiles.Parse(text, reference: CsvFiles.Reference(source));

            Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
            var back = parsed.Rows.Select(r => r.Figure!).ToList();
            Assert.Equal(records.Count, back.Count);
            for (var i = 0; i < records.Count; i++)
            {
                var (expected, actual) = (records[i], back[i]);
                Assert.Equal(
                    (expected.FigureId, expected.Revision, expected.ExternalId, expected.Date, expected.Time, expected.Value, expected.Qualifier, expected.Source, expected.Note),
                    (actual.FigureId!.Value, actual.Revision!.Value, actual.ExternalId, actual.Date, actual.Time, actual.Value, actual.Qualifier, actual.Source, actual.Note));
            }
        });

        Check.One(Config.WithMaxTest(100), property);
    }
}
