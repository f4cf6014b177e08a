using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.Core.Figures;

/// <summary>A figure with everything a page needs to show and cite it (a read-only projection).</summary>
public sealed record FigureRow(
    int Id,
    string MetricCode,
    string MetricName,
    MetricKind MetricKind,
    string LocationCode,
    string LocationName,
    DateOnly Date,
    TimeOnly? Time,
    long Value,
    string UnitCode,
    string UnitName,
    UnitKind UnitKind,
    int UnitDecimals,
    Qualifier Qualifier,
    int SourceId,
    string SourceTitle,
    string SourcePublisher,
    string? SourceUrl,
    string? Note,
    string? SourcePhrase = null,
    bool Verified = false)
{
    /// <summary>The value in units (people, dollars, percent), for display and charts only.</summary>
    public decimal Amount => ScaledValue.ToDecimal(Value, UnitDecimals);

    /// <summary>Date and local time as one value for ordering; a figure with no time sorts after the day's timed ones.</summary>
    public DateTime SortKey => Date.ToDateTime(Time ?? new TimeOnly(23, 59, 59));
}
