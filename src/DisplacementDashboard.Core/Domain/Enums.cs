namespace DisplacementDashboard.Core.Domain;

/// <summary>What a metric measures, which decides how its figures may be combined.</summary>
public enum MetricKind
{
    /// <summary>A running total since a start (arrivals so far): never falls unless corrected.</summary>
    Cumulative,
    /// <summary>A level at a moment (people in shelters now).</summary>
    Stock,
    /// <summary>An amount in a period (arrivals on one day, meals distributed).</summary>
    Flow,
    /// <summary>A plan or capacity (places prepared, planning figures).</summary>
    Capacity,
    /// <summary>Deaths, injuries, missing people.</summary>
    Casualty,
    /// <summary>Money: appeals, pledges, cash assistance. Never summed across currencies.</summary>
    Money,
    /// <summary>A share in percent.</summary>
    Share,
}

/// <summary>The family of a unit; values of different kinds are never added together.</summary>
public enum UnitKind
{
    Count,
    Money,
    Percent,
}

/// <summary>How a published number relates to the true value.</summary>
public enum Qualifier
{
    Exact,
    Approximate,
    AtLeast,
    AtMost,
}

/// <summary>Place of a location in the hierarchy.</summary>
public enum LocationLevel
{
    Country,
    Region,
    Adm1,
    Place,
    Site,
}

/// <summary>Who spoke: the original speaker of a figure, not only the outlet that relayed it.</summary>
public enum SourceKind
{
    Government,
    UnAgency,
    RedCross,
    Ngo,
    News,
    Reference,
    Report,
}

/// <summary>How precisely an event's date is known.</summary>
public enum DatePrecision
{
    Day,
    Month,
}
