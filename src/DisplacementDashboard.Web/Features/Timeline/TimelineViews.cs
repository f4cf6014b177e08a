using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using DisplacementDashboard.Core.Charts;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Web.Components.Charts;
using DisplacementDashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace DisplacementDashboard.Web.Features.Timeline;

/// <summary>What the timeline page draws from one model: the same for everyone who views that window in that culture.</summary>
public sealed record TimelineView(
    ChartOptions CumulativeChart,
    ChartOptions DailyChart,
    MarkupString CumulativeTable,
    MarkupString DailyTable,
    MarkupString Events,
    MarkupString CumulativeKey,
    IReadOnlyList<ChartKeyEntry> CumulativeKeyEntries,
    IReadOnlyList<ChartDataRow> CumulativeData,
    IReadOnlyList<ChartDataRow> DailyData);

/// <summary>
/// Builds each <see cref="TimelineView"/> once per model and culture and shares it between circuits. The models come
/// from the dashboard cache (one instance per window until the next change), so the views live exactly as long as
/// their model: a change makes new models, and the old views go with them.
/// </summary>
public sealed class TimelineViews(StaticMarkup markup)
{
    private readonly ConditionalWeakTable<TimelineModel, ConcurrentDictionary<string, Task<TimelineView>>> _views = [];

    public async Task<TimelineView> GetAsync(TimelineModel model, CultureInfo culture)
    {
        var perCulture = _views.GetValue(model, _ => new ConcurrentDictionary<string, Task<TimelineView>>(StringComparer.Ordinal));
        var task = perCulture.GetOrAdd(culture.Name, _ => BuildAsync(model, culture));
        try
        {
            return await task;
        }
        catch (Exception) when (task.IsFaulted || task.IsCanceled)
        {
            // A failed build is not remembered; the next viewer tries again.
            perCulture.TryRemove(new KeyValuePair<string, Task<TimelineView>>(culture.Name, task));
            throw;
        }
    }

    private async Task<TimelineView> BuildAsync(TimelineModel model, CultureInfo culture)
    {
        var parameters = new Dictionary<string, object?> { [nameof(CumulativeTable.Model)] = model };
        var key = TimelineChartBuilder.Key(model, culture);
        var html = await markup.RenderAllAsync(
            culture,
            MarkupPiece.Of<CumulativeTable>(parameters),
            MarkupPiece.Of<DailyTable>(parameters),
            MarkupPiece.Of<EventList>(parameters),
            MarkupPiece.Of<ChartKey>(new Dictionary<string, object?> { [nameof(ChartKey.Entries)] = key }));
        return new TimelineView(
            TimelineChartBuilder.Cumulative(model, culture),
            TimelineChartBuilder.Daily(model),
            html[0],
            html[1],
            html[2],
            html[3],
            key,
            TimelineChartBuilder.CumulativeData(model),
            ChartData.Daily(TimelineChartBuilder.DerivedDailySeries, TimelineChartBuilder.ReportedDailySeries, model.Daily, model.Cumulative, model.ReportedDaily));
    }
}
