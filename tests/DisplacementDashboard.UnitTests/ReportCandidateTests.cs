using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Extraction;

namespace DisplacementDashboard.UnitTests;

public class ReportCandidateTests
{
    [Theory]
    [InlineData("97000000", "USD")]
    [InlineData("3.4", "percent")]
    [InlineData("100632", "people")]
    public void Candidate_WritesTheValueInTheUnitsScale_AsInvariantText(string expected, string unit)
    {
        var figure = new ExtractedFigure(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Qualifier.AtLeast, "m", null, new DateOnly(2023, 10, 1), null, unit, "phrase", 10, 6);

        var candidate = ReportCandidate.From(figure, 4);

        Assert.Equal((4, expected, unit, "m", "", Qualifier.AtLeast, 10, 6), (candidate.Number, candidate.ValueText, candidate.UnitCode, candidate.MetricCode, candidate.LocationCode, candidate.Qualifier, candidate.Start, candidate.Length));
        Assert.Equal(CandidateDecision.Open, candidate.Decision);
        Assert.False(candidate.IsTaken);
    }

    [Fact]
    public void Candidate_ReadWithTrailingZeros_HasThemDropped()
    {
        // "2.850 people": the extractor's decimal keeps the scale of the digits it read.
        var figure = new ExtractedFigure(2.850m * 1000, Qualifier.Exact, "m", "AM", null, null, "people", "2.850 people", 0, 12);

        Assert.Equal("2850", ReportCandidate.From(figure, 1).ValueText);
    }

    [Theory]
    [InlineData(CandidateDecision.Accepted, true)]
    [InlineData(CandidateDecision.Edited, true)]
    [InlineData(CandidateDecision.Rejected, false)]
    [InlineData(CandidateDecision.Open, false)]
    public void OnlyAcceptedAndEditedCandidates_AreTaken(CandidateDecision decision, bool taken) =>
        Assert.Equal(taken, new ReportCandidate { Phrase = "p", Decision = decision }.IsTaken);

    [Theory]
    [InlineData("\n\n  UNHCR Flash Update #4  \nbody", "UNHCR Flash Update #4")]
    [InlineData("", "")]
    public void Title_IsTheReportsFirstLine(string text, string title) => Assert.Equal(title, ReportImport.TitleOf(text));

    [Fact]
    public void Title_LongerThan200Characters_IsCut() => Assert.Equal(201, ReportImport.TitleOf(new string('t', 300)).Length);

    [Theory]
    [InlineData("20:00", 20, 0)]
    [InlineData(" 8:05 ", 8, 5)]
    public void SetTime_ReadsHoursAndMinutes_OnThe24HourClock(string text, int hour, int minute)
    {
        var candidate = new ReportCandidate { Phrase = "p", InvalidTimeText = "earlier typo" };

        Assert.Null(candidate.SetTime(text));

        Assert.Equal((new TimeOnly(hour, minute), (string?)null), (candidate.Time!.Value, candidate.InvalidTimeText));
    }

    [Theory]
    [InlineData("25:00")]
    [InlineData("8 pm")]
    [InlineData("20.00")]
    public void SetTime_WithTextThatIsNotATime_KeepsIt_SaysWhy_AndLeavesTheTime(string text)
    {
        var candidate = new ReportCandidate { Phrase = "p", Time = new TimeOnly(9, 0) };

        var message = candidate.SetTime(text);

        Assert.Equal($"'{text}' is not a time: write hh:mm on the 24-hour clock, e.g. 20:00.", message);
        Assert.Equal((text, new TimeOnly(9, 0)), (candidate.InvalidTimeText!, candidate.Time!.Value));
    }

    [Fact]
    public void SetTime_Empty_ClearsTheTimeAndAnyTypo()
    {
        var candidate = new ReportCandidate { Phrase = "p", Time = new TimeOnly(9, 0), InvalidTimeText = "9h" };

        Assert.Null(candidate.SetTime(" "));

        Assert.Equal((null, null), (candidate.Time, candidate.InvalidTimeText));
    }
}
