using DisplacementDashboard.Benchmarks.Extraction;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Extraction;

namespace DisplacementDashboard.Benchmarks.Tests;

public class ExtractionScoreTests
{
    private static ExtractedFigure F(decimal value, Qualifier qualifier, string? metric, string phrase, int start = -1) =>
        new(value, qualifier, metric, "AM", new DateOnly(2023, 9, 26), null, "people", phrase, start, phrase.Length);

    [Fact]
    public void Add_MatchesOnValueAndQualifier_ScoresFieldsOnlyOverMatches()
    {
        const string text = "More than 100 people fled; 40 people arrived; 7 cars.";
        var report = new LabelledReport("r", "tuning", "test", text, new DateOnly(2023, 9, 26),
            [F(100, Qualifier.AtLeast, "cumulative_arrivals_in_armenia", "More than 100 people"), F(40, Qualifier.Exact, "arrivals_on_day", "40 people")]);
        var score = new ExtractionScore();

        score.Add(report, [F(100, Qualifier.AtLeast, "cumulative_arrivals_in_armenia", "More than 100 people", 0), F(40, Qualifier.Exact, null, "40 people", 27), F(7, Qualifier.Exact, null, "7", 46)]);
        score.Add(report with { Name = "s" }, [F(100, Qualifier.Exact, "cumulative_arrivals_in_armenia", "100 people", 10)]);

        Assert.Equal(4, score.Expected);
        Assert.Equal(4, score.Found);
        Assert.Equal(0.5, score.Recall);
        Assert.Equal(0.5, score.Precision);
        Assert.Equal(0.5, score.MetricShare); // the 40 was found without its metric
        Assert.Equal(1.0, score.DateShare);
        Assert.Equal(["r:7", "s:100"], score.Spurious.Select(s => $"{s.Report}:{ExtractionCsv.FormatValue(s.Figure.Value)}"));
        Assert.Equal(["s:100", "s:40"], score.Missed.Select(m => $"{m.Report}:{ExtractionCsv.FormatValue(m.Figure.Value)}"));
    }
}
