using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Series;

namespace DisplacementDashboard.Core.Dashboard;

/// <summary>Everything the timeline page shows for one date window.</summary>
public sealed record TimelineModel(
    DateOnly From,
    DateOnly To,
    IReadOnlyList<FigureRow> Cumulative,
    IReadOnlyList<DailyFlow> Daily,
    IReadOnlyList<FigureRow> ReportedDaily,
    Crossing? PreparationCrossing,
    IReadOnlyList<FigureRow> Preparation,
    IReadOnlyList<EventRow> Events,
    IReadOnlyDictionary<int, Disagreement> Disagreements);
