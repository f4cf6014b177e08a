using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Series;
using static DisplacementDashboard.UnitTests.Infrastructure.Figures;

namespace DisplacementDashboard.UnitTests;

public class ConflictDetectorTests
{
    [Fact]
    public void Find_DifferentExactValuesAtSameTime_MarksBothAsConflict()
    {
        var a = Row("cumulative_arrivals_in_armenia", "2023-09-26", 13550, "08:00", sourceId: 1);
        var b = Row("cumulative_arrivals_in_armenia", "2023-09-26", 13350, "08:00", sourceId: 2);

        var found = ConflictDetector.Find([a, b]);

        Assert.Equal(AgreementKind.Conflict, found[a.Id].Kind);
        Assert.Equal(b.Id, Assert.Single(found[a.Id].Others).Id);
        Assert.Equal(AgreementKind.Conflict, found[b.Id].Kind);
    }

    [Fact]
    public void Find_SameValueFromTwoSources_IsNotAConflict()
    {
        var a = Row("cumulative_arrivals_in_armenia", "2023-10-04", 100632, sourceId: 1);
        var b = Row("cumulative_arrivals_in_armenia", "2023-10-04", 100632, sourceId: 2);

        Assert.Empty(ConflictDetector.Find([a, b]));
    }

    [Fact]
    public void Find_AtLeastBelowExact_IsCompatible_ButAboveIsNot()
    {
        var exact = Row("depot_blast_deaths", "2023-09-26", 68, "21:00", kind: MetricKind.Casualty);
        var lower = Row("depot_blast_deaths", "2023-09-26", 20, "21:00", Qualifier.AtLeast, kind: MetricKind.Casualty);
        var higher = Row("depot_blast_deaths", "2023-09-26", 100, "21:00", Qualifier.AtLeast, kind: MetricKind.Casualty);

        var found = ConflictDetector.Find([exact, lower, higher]);

        Assert.False(found.ContainsKey(lower.Id));
        Assert.Equal(higher.Id, Assert.Single(found[exact.Id].Others).Id);
    }

    [Fact]
    public void Find_ApproximateWithinFivePercent_IsCompatible()
    {
        var exact = Row("state_provided_accommodation_cumulative", "2023-10-01", 47322);
        var about = Row("state_provided_accommodation_cumulative", "2023-10-01", 48000, qualifier: Qualifier.Approximate);
        var far = Row("state_provided_accommodation_cumulative", "2023-10-01", 60000, qualifier: Qualifier.Approximate);

        var found = ConflictDetector.Find([exact, about, far]);

        Assert.False(found.ContainsKey(about.Id) && found[about.Id].Others.Any(o => o.Id == exact.Id));
        Assert.Contains(found[exact.Id].Others, o => o.Id == far.Id);
    }

    [Fact]
    public void Find_UntimedRunningTotalsOnSameDay_AreMarkedSameDayUntimed()
    {
        var a = Row("cumulative_arrivals_in_armenia", "2023-09-26", 19000);
        var b = Row("cumulative_arrivals_in_armenia", "2023-09-26", 20270, sourceId: 2);

        Assert.Equal(AgreementKind.SameDayUntimed, ConflictDetector.Find([a, b])[a.Id].Kind);
    }

    [Fact]
    public void Find_DifferentUnits_AreNeverCompared()
    {
        var people = Row("planned_reception_capacity", "2023-09-22", 40000, kind: MetricKind.Capacity);
        var families = Row("planned_reception_capacity", "2023-09-22", 40000, unit: "families", kind: MetricKind.Capacity);
        var places = Row("planned_reception_capacity", "2023-09-22", 30000, unit: "places", kind: MetricKind.Capacity);

        Assert.Empty(ConflictDetector.Find([people, families, places]));
    }

    [Fact]
    public void Find_TimedFiguresAtDifferentTimes_AreNotCompared()
    {
        var morning = Row("cumulative_arrivals_in_armenia", "2023-09-28", 65036, "08:00");
        var noon = Row("cumulative_arrivals_in_armenia", "2023-09-28", 70500, "14:00", sourceId: 2);

        Assert.Empty(ConflictDetector.Find([morning, noon]));
    }

    [Fact]
    public void Find_UntimedAgainstTimedOnSameDay_IsCompared()
    {
        var timed = Row("cumulative_arrivals_in_armenia", "2023-09-28", 66500, "10:00");
        var untimed = Row("cumulative_arrivals_in_armenia", "2023-09-28", 68386, sourceId: 2);
        var flowTimed = Row("arrivals_on_day", "2023-09-26", 22800, "12:00", kind: MetricKind.Flow);
        var flowUntimed = Row("arrivals_on_day", "2023-09-26", 26600, sourceId: 2, kind: MetricKind.Flow);

        var found = ConflictDetector.Find([timed, untimed, flowTimed, flowUntimed]);

        Assert.Equal(AgreementKind.SameDayUntimed, found[timed.Id].Kind);
        Assert.Equal(AgreementKind.SameDayUntimed, found[untimed.Id].Kind);
        Assert.Equal(AgreementKind.Conflict, found[flowTimed.Id].Kind);
    }

    [Fact]
    public void Find_SameTimeConflict_StaysAConflict_WhenUntimedFiguresThatDayAlsoDiffer()
    {
        var tass = Row("cumulative_arrivals_in_armenia", "2023-09-26", 13550, "08:00", sourceId: 1);
        var ilkha = Row("cumulative_arrivals_in_armenia", "2023-09-26", 13350, "08:00", sourceId: 2);
        var untimed = Row("cumulative_arrivals_in_armenia", "2023-09-26", 19000, sourceId: 3);

        var found = ConflictDetector.Find([tass, ilkha, untimed]);

        Assert.Equal(AgreementKind.Conflict, found[tass.Id].Kind);
        Assert.Equal([ilkha.Id], found[tass.Id].Conflicting.Select(f => f.Id));
        Assert.Equal([untimed.Id], found[tass.Id].TimeNotGiven.Select(f => f.Id));
        // The untimed figure contradicts no moment: against it, both timed figures are "same day, time not given".
        Assert.Equal(AgreementKind.SameDayUntimed, found[untimed.Id].Kind);
        Assert.Empty(found[untimed.Id].Conflicting);
        Assert.Equal([tass.Id, ilkha.Id], found[untimed.Id].TimeNotGiven.Select(f => f.Id));
    }

    [Fact]
    public void Find_TimedFigureAgainstAnUntimedOne_IsSameDayUntimed_WithNothingConflicting()
    {
        var timed = Row("cumulative_arrivals_in_armenia", "2023-09-26", 28120, "20:00", sourceId: 1);
        var untimed = Row("cumulative_arrivals_in_armenia", "2023-09-26", 19000, sourceId: 2);

        var found = ConflictDetector.Find([timed, untimed]);

        Assert.Equal(AgreementKind.SameDayUntimed, found[timed.Id].Kind);
        Assert.Empty(found[timed.Id].Conflicting);
        Assert.Equal([untimed.Id], found[timed.Id].TimeNotGiven.Select(f => f.Id));
    }
}
