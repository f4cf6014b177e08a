namespace DisplacementDashboard.Core.Figures;

/// <summary>Codes of the metrics and locations the dashboard pages are built on (see data/seed/).</summary>
public static class WellKnown
{
    public const string CumulativeArrivals = "cumulative_arrivals_in_armenia";
    public const string ArrivalsOnDay = "arrivals_on_day";
    public const string PrePopulation = "population_pre_exodus";
    public const string PlannedCapacity = "planned_reception_capacity";
    public const string Accommodation = "state_provided_accommodation_cumulative";
    public const string AccommodationByMarz = "state_provided_accommodation_by_marz";
    public const string DepotDeaths = "depot_blast_deaths";
    public const string DepotInjured = "depot_blast_injured";
    public const string DepotMissing = "depot_blast_missing";

    public const string Armenia = "AM";
    public const string NagornoKarabakh = "NK";
    public const string FuelDepot = "NK-FUEL-DEPOT";

    public const string People = "people";

    /// <summary>The number Armenia said it had prepared for, in whatever unit it was reported.</summary>
    public const long PreparationLevel = 40_000;
}
