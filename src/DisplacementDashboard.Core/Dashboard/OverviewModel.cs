using DisplacementDashboard.Core.Figures;

namespace DisplacementDashboard.Core.Dashboard;

/// <summary>A headline figure with the other figures that disagree with it on the same day.</summary>
public sealed record HeadlineFigure(FigureRow Figure, IReadOnlyList<FigureRow> Disagreeing);

/// <summary>A ratio of two sourced figures (arrivals / population); both are cited.</summary>
public sealed record Ratio(decimal Value, FigureRow Numerator, FigureRow Denominator);

/// <summary>The overview cards' numbers.</summary>
public sealed record OverviewModel(
    HeadlineFigure? Arrivals,
    FigureRow? ArrivalsAtExodusEnd,
    Ratio? ShareOfPopulation,
    Ratio? MultipleOfPreparation,
    IReadOnlyList<string> PreparationUnits,
    HeadlineFigure? Accommodation,
    HeadlineFigure? Deaths,
    IReadOnlyList<FigureRow> EarlyDeathTolls,
    HeadlineFigure? Injured,
    HeadlineFigure? Missing);
