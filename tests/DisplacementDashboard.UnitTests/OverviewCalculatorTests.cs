using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using static DisplacementDashboard.UnitTests.Infrastructure.Figures;

namespace DisplacementDashboard.UnitTests;

public class OverviewCalculatorTests
{
    [Fact]
    public void Calculate_CardsUseLatestArrivalsAgainstPopulationAndPreparation()
    {
        var early = Row(WellKnown.CumulativeArrivals, "2023-09-30", 100417);
        var latest = Row(WellKnown.CumulativeArrivals, "2023-10-04", 100632);
        var population = Row(WellKnown.PrePopulation, "2023-09-21", 120000, location: WellKnown.NagornoKarabakh, kind: MetricKind.Stock);
        var prepPeople = Row(WellKnown.PlannedCapacity, "2023-09-22", 40000, kind: MetricKind.Capacity);
        var prepFamilies = Row(WellKnown.PlannedCapacity, "2023-09-21", 40000, unit: "families", kind: MetricKind.Capacity);

        var model = OverviewCalculator.Calculate([early, latest, population, prepPeople, prepFamilies]);

        Assert.Equal(latest.Id, model.Arrivals!.Figure.Id);
        Assert.Equal(100632m / 120000m, model.ShareOfPopulation!.Value);
        Assert.Equal(population.Id, model.ShareOfPopulation.Denominator.Id);
        Assert.Equal(100632m / 40000m, model.MultipleOfPreparation!.Value);
        Assert.Equal(prepPeople.Id, model.MultipleOfPreparation.Denominator.Id);
        Assert.Equal(["families", "people"], model.PreparationUnits);
    }

    [Fact]
    public void Latest_OnTheSameDay_PrefersExactThenLaterTime_AndKeepsDisagreeingFigures()
    {
        var exact = Row(WellKnown.Accommodation, "2023-10-01", 47322, "15:00");
        var approx = Row(WellKnown.Accommodation, "2023-10-01", 48000, qualifier: Qualifier.Approximate);
        var other = Row(WellKnown.Accommodation, "2023-10-01", 30000, "09:00", sourceId: 7);

        var headline = OverviewCalculator.Latest([approx, exact, other], WellKnown.Accommodation, WellKnown.Armenia, WellKnown.People);

        Assert.Equal(exact.Id, headline!.Figure.Id);
        Assert.Equal(other.Id, Assert.Single(headline.Disagreeing).Id);
    }

    [Fact]
    public void Calculate_DepotDeaths_ReportsLatestAndEarlyTolls()
    {
        var first = Row(WellKnown.DepotDeaths, "2023-09-26", 20, qualifier: Qualifier.AtLeast, location: WellKnown.FuelDepot, kind: MetricKind.Casualty);
        var second = Row(WellKnown.DepotDeaths, "2023-09-26", 68, "21:00", location: WellKnown.FuelDepot, kind: MetricKind.Casualty);
        var later = Row(WellKnown.DepotDeaths, "2023-12-22", 218, qualifier: Qualifier.AtLeast, location: WellKnown.FuelDepot, kind: MetricKind.Casualty);

        var model = OverviewCalculator.Calculate([later, second, first]);

        Assert.Equal(later.Id, model.Deaths!.Figure.Id);
        Assert.Equal([first.Id, second.Id], model.EarlyDeathTolls.Select(f => f.Id));
    }

    [Fact]
    public void Calculate_EmptyStore_GivesNoCards()
    {
        var model = OverviewCalculator.Calculate([]);

        Assert.Null(model.Arrivals);
        Assert.Null(model.ShareOfPopulation);
        Assert.Null(model.MultipleOfPreparation);
        Assert.Empty(model.EarlyDeathTolls);
    }
}
