using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.UnitTests.Infrastructure;

namespace DisplacementDashboard.UnitTests.Csv;

/// <summary>The one reference-date rule (issue 10): range from the Editing options, and never after the source.</summary>
public sealed class ReferenceDateRuleTests
{
    private static readonly ReferenceDates Dates = ReferenceDates.From(
        new EditingOptions { EarliestReferenceDate = new DateOnly(2015, 1, 1), MaxDaysInFuture = 1 },
        new FixedClock(new DateTimeOffset(2026, 12, 2, 23, 30, 0, TimeSpan.Zero)));

    [Fact]
    public void From_IsEarliestToTodayInUtcPlusTheDaysAllowed()
    {
        Assert.Equal(new DateOnly(2015, 1, 1), Dates.Earliest);
        Assert.Equal(new DateOnly(2026, 12, 3), Dates.Latest);
        Assert.True(Dates.Contains(new DateOnly(2026, 12, 3)));
        Assert.False(Dates.Contains(new DateOnly(2026, 12, 4)));
        Assert.False(Dates.Contains(new DateOnly(2014, 12, 31)));
    }

    [Theory]
    [InlineData("2099-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("2014-12-31")]
    public void Import_DateOutsideTheRange_IsAnErrorOnTheDateCell_NamingTheRange(string date)
    {
        var reference = WithDates(CsvFiles.Reference(new SourceReference("S900", "Later report", "UNHCR", null, null)));

        var file = CsvFiles.Parse(CsvFiles.Header + "\n" + CsvFiles.Row(("date", date), ("source", "S900")) + "\n", reference: reference);

        var error = Assert.Single(file.Errors);
        Assert.Equal(2, error.Row);
        Assert.Equal("date", error.Column);
        Assert.Contains(date, error.Reason, StringComparison.Ordinal);
        Assert.Contains("2015-01-01 to 2026-12-03", error.Reason, StringComparison.Ordinal);
        Assert.Null(Assert.Single(file.Rows).Figure);
    }

    [Fact]
    public void Import_DateAfterTheSourcesPublication_IsAnError_EvenWithoutARange()
    {
        // S004 (TASS) was published on 2023-09-24.
        var file = CsvFiles.Parse(CsvFiles.Header + "\n" + CsvFiles.Row(("date", "2023-09-25")) + "\n");

        var error = Assert.Single(file.Errors);
        Assert.Equal("date", error.Column);
        Assert.Contains("after the publication of its source, S004 (2023-09-24)", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_DateOnThePublicationDay_IsAccepted()
    {
        var file = CsvFiles.Parse(CsvFiles.Header + "\n" + CsvFiles.Row(("date", "2023-09-24")) + "\n", reference: WithDates(CsvFiles.Reference()));

        Assert.True(file.IsValid, string.Join("; ", file.Errors));
    }

    [Fact]
    public void AfterPublication_SourceWithoutADate_HasNoOpinion()
    {
        Assert.Null(ReferenceDates.AfterPublication(new DateOnly(2023, 10, 1), null, "S900"));
        Assert.NotNull(ReferenceDates.AfterPublication(new DateOnly(2023, 10, 1), new DateOnly(2023, 9, 30), "S900"));
    }

    private static CsvReferenceData WithDates(CsvReferenceData reference) => new()
    {
        UnitDecimals = reference.UnitDecimals,
        MetricUnits = reference.MetricUnits,
        Locations = reference.Locations,
        Sources = reference.Sources,
        Dates = Dates,
    };

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
