using System.Globalization;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;

namespace DisplacementDashboard.UnitTests;

public class SnapshotDescriptionTests
{
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    private static readonly FigureSnapshot Arrivals = new("F1", "cumulative_arrivals_in_armenia", "AM", "2023-09-27", "08:00", 42500, "people", "exact", "S001", "first wording", false);

    private static readonly SnapshotNames Names = new(
        new Dictionary<string, string> { ["cumulative_arrivals_in_armenia"] = "Cumulative arrivals in Armenia", ["appeal_amount"] = "Appeal amount" },
        new Dictionary<string, string> { ["AM"] = "Armenia", ["AM-ER"] = "Yerevan" },
        new Dictionary<string, SnapshotUnit>
        {
            ["people"] = new("people", UnitKind.Count, 0),
            ["USD"] = new("US dollars", UnitKind.Money, 2),
            ["percent"] = new("percent", UnitKind.Percent, 1),
        },
        new Dictionary<string, string> { ["S001"] = "Government briefing, 27 September", ["S002"] = "UNHCR flash update" });

    private static readonly IReadOnlySet<string> NothingChanged = new HashSet<string>();

    private static string Text(IEnumerable<SnapshotPart> parts) =>
        string.Concat(parts.Select(p => (p.Separated ? "· " : "") + p.Text + (p.Code is null ? "" : $" [{p.Code}]") + " ")).TrimEnd();

    private static SnapshotPart Part(IEnumerable<SnapshotPart> parts, string field) => Assert.Single(parts, p => p.Field == field);

    [Fact]
    public void Snapshot_ReadsAsNames_WithTheRecordedCodeBesideEach()
    {
        var parts = SnapshotDescription.Parts(Arrivals, NothingChanged, Names, EnGb);

        Assert.Equal(
            "exact 42,500 people · Cumulative arrivals in Armenia [cumulative_arrivals_in_armenia] · Armenia [AM] · 2023-09-27 08:00 · Government briefing, 27 September [S001]",
            Text(parts));
    }

    [Fact]
    public void SourcePhrase_IsShownQuoted_WhenThereIsOne_AndAsNoneWhenItWasRemoved()
    {
        var withPhrase = Arrivals with { SourcePhrase = "some 42,500 people" };

        Assert.Equal("phrase: \u201Csome 42,500 people\u201D", Part(SnapshotDescription.Parts(withPhrase, NothingChanged, Names, EnGb), FigureChanges.SourcePhrase).Text);
        Assert.DoesNotContain(SnapshotDescription.Parts(Arrivals, NothingChanged, Names, EnGb), p => p.Field == FigureChanges.SourcePhrase);
        var changed = FigureChanges.Between(withPhrase, Arrivals);
        Assert.Equal([FigureChanges.SourcePhrase], changed);
        Assert.Equal("phrase: (none)", Part(SnapshotDescription.Parts(Arrivals, changed, Names, EnGb), FigureChanges.SourcePhrase).Text);
    }

    [Fact]
    public void RevisionWrittenBeforeThePhraseExisted_ReadsWithoutOne()
    {
        const string Json = """{"externalId":"F1","metric":"m","location":"AM","date":"2023-09-27","time":null,"value":1,"unit":"people","qualifier":"exact","source":"S001","note":null,"retracted":false}""";

        Assert.Null(RevisionLog.Read<FigureSnapshot>(Json).SourcePhrase);
    }

    [Fact]
    public void Unit_NamedLikeItsCode_HasNoCodeBesideIt_ButAnotherNameDoes()
    {
        Assert.Null(Part(SnapshotDescription.Parts(Arrivals, NothingChanged, Names, EnGb), FigureChanges.Unit).Code);

        var appeal = Arrivals with { Metric = "appeal_amount", Unit = "USD", Value = 9_700_000_000 };
        var unit = Part(SnapshotDescription.Parts(appeal, NothingChanged, Names, EnGb), FigureChanges.Unit);

        Assert.Equal(("US dollars", "USD"), (unit.Text, unit.Code));
    }

    [Theory]
    [InlineData("USD", 9_700_000_000L, "en-GB", "97,000,000")]
    [InlineData("USD", 1_234_567L, "de-DE", "12.345,67")]
    [InlineData("percent", 345L, "en-GB", "34.5")]
    [InlineData("people", 100_417L, "fr-FR", "100{group}417")]
    public void Value_IsScaledByItsUnit_AndGroupedInTheReadersCulture(string unitCode, long stored, string culture, string expected)
    {
        var format = CultureInfo.GetCultureInfo(culture);
        var parts = SnapshotDescription.Parts(Arrivals with { Unit = unitCode, Value = stored }, NothingChanged, Names, format);

        // French groups with a narrow or a plain no-break space, depending on the ICU version.
        Assert.Equal(expected.Replace("{group}", format.NumberFormat.NumberGroupSeparator, StringComparison.Ordinal), Part(parts, FigureChanges.Value).Text);
    }

    [Fact]
    public void UnknownCodes_AreShownAsRecorded_AndTheValueUnscaled()
    {
        var parts = SnapshotDescription.Parts(Arrivals with { Metric = "gone_metric", Unit = "crates", Value = 1234, Source = "S999" }, NothingChanged, Names, EnGb);

        Assert.Equal(("gone_metric", null), (Part(parts, FigureChanges.Metric).Text, Part(parts, FigureChanges.Metric).Code));
        Assert.Equal("1234", Part(parts, FigureChanges.Value).Text);
        Assert.Equal("crates", Part(parts, FigureChanges.Unit).Text);
        Assert.Equal("S999", Part(parts, FigureChanges.Source).Text);
    }

    [Fact]
    public void ChangedSourceAndPlace_BeforeAndAfter_DifferInTheirNames()
    {
        var after = Arrivals with { Source = "S002", Location = "AM-ER" };
        var changed = FigureChanges.Between(Arrivals, after);

        var before = SnapshotDescription.Parts(Arrivals, changed, Names, EnGb);
        var now = SnapshotDescription.Parts(after, changed, Names, EnGb);

        Assert.Equal(new HashSet<string> { FigureChanges.Source, FigureChanges.Location }, changed.ToHashSet());
        Assert.Equal(("Government briefing, 27 September", "UNHCR flash update"), (Part(before, FigureChanges.Source).Text, Part(now, FigureChanges.Source).Text));
        Assert.Equal(("Armenia", "Yerevan"), (Part(before, FigureChanges.Location).Text, Part(now, FigureChanges.Location).Text));
    }

    [Fact]
    public void Qualifier_ReadsAsWords()
    {
        var parts = SnapshotDescription.Parts(Arrivals with { Qualifier = "at-least" }, NothingChanged, Names, EnGb);

        Assert.Equal("at least", Part(parts, FigureChanges.Qualifier).Text);
    }

    [Fact]
    public void TimeRetractionAndNote_AreShownWhenSetOrChanged_AndOnlyThen()
    {
        var untimed = Arrivals with { Time = null };
        Assert.DoesNotContain(SnapshotDescription.Parts(untimed, NothingChanged, Names, EnGb), p => p.Field is FigureChanges.Time or FigureChanges.Retracted or FigureChanges.Note);

        var changed = new HashSet<string> { FigureChanges.Time, FigureChanges.Retracted, FigureChanges.Note };
        var parts = SnapshotDescription.Parts(untimed with { Note = null }, changed, Names, EnGb);

        Assert.Equal("(no time)", Part(parts, FigureChanges.Time).Text);
        Assert.Equal("shown", Part(parts, FigureChanges.Retracted).Text);
        Assert.Equal("note: (none)", Part(parts, FigureChanges.Note).Text);
        Assert.Equal("RETRACTED", Part(SnapshotDescription.Parts(Arrivals with { Retracted = true }, NothingChanged, Names, EnGb), FigureChanges.Retracted).Text);
    }
}
