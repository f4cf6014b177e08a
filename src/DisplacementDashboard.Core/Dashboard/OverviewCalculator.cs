using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Series;

namespace DisplacementDashboard.Core.Dashboard;

/// <summary>Computes the overview cards from sourced figures. Pure: the figures come in, numbers come out.</summary>
public static class OverviewCalculator
{
    public static OverviewModel Calculate(IReadOnlyList<FigureRow> figures)
    {
        var arrivals = Latest(figures, WellKnown.CumulativeArrivals, WellKnown.Armenia, WellKnown.People);
        var population = Latest(figures, WellKnown.PrePopulation, WellKnown.NagornoKarabakh, WellKnown.People);
        var preparations = Of(figures, WellKnown.PlannedCapacity, WellKnown.Armenia).ToList();
        var preparationInPeople = preparations
            .Where(f => f.UnitCode == WellKnown.People && f.Value == WellKnown.PreparationLevel)
            .OrderBy(f => f.Qualifier == Qualifier.Exact ? 0 : 1).ThenBy(f => f.SortKey)
            .FirstOrDefault();

        var deaths = Of(figures, WellKnown.DepotDeaths, WellKnown.FuelDepot).ToList();
        var exodusEnd = figures
            .Where(f => f.MetricCode == WellKnown.CumulativeArrivals && f.LocationCode == WellKnown.Armenia && f.UnitCode == WellKnown.People)
            .Where(f => f.Qualifier == Qualifier.Exact && f.Date <= TimelineBuilder.DefaultTo)
            .OrderByDescending(f => f.SortKey).ThenByDescending(f => f.Id)
            .FirstOrDefault();
        return new OverviewModel(
            arrivals,
            exodusEnd?.Id == arrivals?.Figure.Id ? null : exodusEnd,
            arrivals is not null && population is not null && population.Figure.Value > 0
                ? new Ratio(arrivals.Figure.Value / (decimal)population.Figure.Value, arrivals.Figure, population.Figure)
                : null,
            arrivals is not null && preparationInPeople is not null
                ? new Ratio(arrivals.Figure.Value / (decimal)preparationInPeople.Value, arrivals.Figure, preparationInPeople)
                : null,
            preparations.Where(f => f.Value == WellKnown.PreparationLevel).Select(f => f.UnitName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            Latest(figures, WellKnown.Accommodation, WellKnown.Armenia, WellKnown.People),
            Latest(figures, WellKnown.DepotDeaths, WellKnown.FuelDepot, WellKnown.People),
            deaths.Count == 0 ? [] : deaths.Where(f => f.Date == deaths.Min(d => d.Date)).OrderBy(f => f.Time ?? TimeOnly.MinValue).ThenBy(f => f.Id).ToList(),
            Latest(figures, WellKnown.DepotInjured, WellKnown.FuelDepot, WellKnown.People),
            Latest(figures, WellKnown.DepotMissing, WellKnown.FuelDepot, WellKnown.People));
    }

    /// <summary>
    /// The most recent figure: the latest day; on that day an exact value wins over a rounded one, then the
    /// latest time. Same-day figures that disagree with it come along so the card can show them.
    /// </summary>
    public static HeadlineFigure? Latest(IReadOnlyList<FigureRow> figures, string metric, string location, string unit)
    {
        var candidates = Of(figures, metric, location).Where(f => f.UnitCode == unit).ToList();
        var latest = candidates
            .OrderByDescending(f => f.Date)
            .ThenBy(f => f.Qualifier == Qualifier.Exact ? 0 : 1)
            .ThenByDescending(f => f.Time ?? TimeOnly.MinValue)
            .ThenByDescending(f => f.Id)
            .FirstOrDefault();
        if (latest is null)
        {
            return null;
        }

        var disagreeing = candidates.Where(f => f.Id != latest.Id && f.Date == latest.Date && !ConflictDetector.Compatible(latest, f)).ToList();
        return new HeadlineFigure(latest, disagreeing);
    }

    private static IEnumerable<FigureRow> Of(IEnumerable<FigureRow> figures, string metric, string location) =>
        figures.Where(f => f.MetricCode == metric && f.LocationCode == location);
}
