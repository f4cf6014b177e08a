namespace DisplacementDashboard.Core.Domain;

/// <summary>
/// How many figures of a source the dashboards show (not retracted). Kept by SQLite triggers on <c>Figures</c>
/// (migration <c>MaintainShownFigureCounts</c>), so every write path (editor, import, seed, raw SQL) keeps it
/// exact in the same transaction; the app only reads it. The sources list and the grid's unfiltered total read
/// these rows instead of counting a million index entries (docs/performance.md).
/// </summary>
public sealed class SourceFigureCount
{
    public int SourceId { get; set; }

    public int Shown { get; set; }
}
