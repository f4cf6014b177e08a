using DisplacementDashboard.Core.Figures;

namespace DisplacementDashboard.Core.Dashboard;

/// <summary>A moment for which a source gave the by-marz breakdown.</summary>
public sealed record MarzSnapshot(DateOnly Date, TimeOnly? Time, int SourceId, string SourceTitle)
{
    /// <summary>URL-safe key: 2023-09-28T20:00~12 (day, time, source id).</summary>
    public string Key => $"{Date:yyyy-MM-dd}T{Time:HH\\:mm}~{SourceId}";
}

/// <summary>The selected breakdown, its rows, and the total the source stated beside it.</summary>
public sealed record MarzBreakdown(MarzSnapshot Snapshot, IReadOnlyList<FigureRow> Rows, long Sum, FigureRow? StatedTotal)
{
    /// <summary>Stated total minus the sum of the marz rows (null when no total was stated).</summary>
    public long? Discrepancy => StatedTotal is null ? null : StatedTotal.Value - Sum;
}

/// <summary>The shelter page: arrivals against people housed by the state against the 40,000 preparation.</summary>
public sealed record ShelterModel(
    IReadOnlyList<FigureRow> Arrivals,
    IReadOnlyList<FigureRow> Accommodation,
    IReadOnlyList<FigureRow> Preparation,
    IReadOnlyList<MarzSnapshot> Snapshots,
    MarzBreakdown? Selected);
