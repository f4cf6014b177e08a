using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Web.Components.Shared;

namespace DisplacementDashboard.Web.Features.Reports;

/// <summary>The lists every candidate card offers, built once per page from the form look-ups.</summary>
public sealed record ReportChoices(
    IReadOnlyList<MetricChoice> Metrics,
    IReadOnlyList<LookupChoice<string>> MetricChoices,
    IReadOnlyList<LookupChoice<string>> LocationChoices,
    IReadOnlyList<Option> Units)
{
    public static ReportChoices From(FormLookups lookups) => new(
        lookups.Metrics,
        lookups.Metrics.Select(m => new LookupChoice<string>(m.Code, m.Name, m.Code)).ToList(),
        lookups.Locations.Select(l => new LookupChoice<string>(l.Value, l.Label, l.Value)).ToList(),
        lookups.Units);

    /// <summary>The units <paramref name="metricCode"/> allows, or every unit when no metric is chosen.</summary>
    public IEnumerable<Option> UnitsFor(string metricCode) =>
        Metrics.FirstOrDefault(m => m.Code == metricCode) is { } metric ? Units.Where(u => metric.Units.Contains(u.Value)) : Units;
}
