using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;

namespace DisplacementDashboard.UnitTests;

public sealed class MetricDictionaryTests
{
    private static readonly MetricDictionaryEntry[] Entries =
    [
        MetricDictionaryEntry.From(new ReferenceMetric("cumulative_arrivals_in_armenia", "Refugees arrived in Armenia (cumulative)", MetricKind.Cumulative, ["people"], "Running total of people who crossed.", 40)),
        MetricDictionaryEntry.From(new ReferenceMetric("appeal_requirement", "Appeal requirement", MetricKind.Money, ["USD"], "Money asked for by an appeal.", 3)),
        MetricDictionaryEntry.From(new ReferenceMetric("depot_blast_deaths", "Fuel depot explosion deaths", MetricKind.Casualty, ["people"], null, 7)),
    ];

    [Fact]
    public void Search_LooksInNameCodeDefinitionAndHashtag_IgnoringCase_EveryWordMustMatch()
    {
        Assert.Equal(["appeal_requirement"], Codes(MetricDictionary.Select(Entries, "MONEY asked", null, MetricSort.Name, false)));
        Assert.Equal(["depot_blast_deaths"], Codes(MetricDictionary.Select(Entries, "blast", null, MetricSort.Name, false)));
        Assert.Equal(["appeal_requirement"], Codes(MetricDictionary.Select(Entries, "+usd", null, MetricSort.Name, false)));
        Assert.Empty(MetricDictionary.Select(Entries, "money blast", null, MetricSort.Name, false));
    }

    [Fact]
    public void KindFilter_AndSortByFigures_LargestFirst()
    {
        Assert.Equal(["depot_blast_deaths"], Codes(MetricDictionary.Select(Entries, null, MetricKind.Casualty, MetricSort.Name, false)));
        Assert.Equal(["cumulative_arrivals_in_armenia", "depot_blast_deaths", "appeal_requirement"], Codes(MetricDictionary.Select(Entries, " ", null, MetricSort.Figures, true)));
        Assert.Equal(["appeal_requirement", "depot_blast_deaths", "cumulative_arrivals_in_armenia"], Codes(MetricDictionary.Select(Entries, null, null, MetricSort.Name, false)));
    }

    [Fact]
    public void Hashtag_IsTheValueTagOfTheMetricsUsualUnit()
    {
        Assert.Equal("#affected+refugees+arrived+total", Entries[0].Hashtag);
        Assert.Equal("#value+funding+required+usd", Entries[1].Hashtag);
    }

    private static string[] Codes(IEnumerable<MetricDictionaryEntry> entries) => entries.Select(e => e.Metric.Code).ToArray();
}
