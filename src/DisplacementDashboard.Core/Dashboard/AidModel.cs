using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;

namespace DisplacementDashboard.Core.Dashboard;

/// <summary>Figures that share one unit (one currency, or one kind of count); the only level at which they may be compared.</summary>
public sealed record AidGroup(string UnitCode, string UnitName, UnitKind UnitKind, IReadOnlyList<FigureRow> Figures);

/// <summary>Appeals, pledges and assistance, grouped by unit. Never summed across groups.</summary>
public sealed record AidModel(IReadOnlyList<AidGroup> Money, IReadOnlyList<AidGroup> Assistance);

/// <summary>Groups aid figures by currency and unit.</summary>
public static class AidGrouping
{
    // Shared with the SQL filter in FigureQueries.GetAidFiguresAsync, so the page and its query agree.
    internal const string WfpPrefix = "wfp_";
    internal const string RrpPrefix = "rrp_";
    internal const string PlanningPrefix = "planning_";
    internal const string PaymentRecipients = "payment_recipients";

    /// <summary>Metric codes on the aid page besides all money metrics: assistance delivered or planned.</summary>
    public static bool IsAssistance(FigureRow f) =>
        f.MetricKind != MetricKind.Money
        && (f.MetricCode.StartsWith(WfpPrefix, StringComparison.Ordinal)
            || f.MetricCode.StartsWith(RrpPrefix, StringComparison.Ordinal)
            || f.MetricCode.StartsWith(PlanningPrefix, StringComparison.Ordinal)
            || f.MetricCode.Contains(PaymentRecipients, StringComparison.Ordinal));

    /// <summary>Whether a figure belongs on the aid page: every money figure, and assistance (<see cref="IsAssistance"/>).</summary>
    public static bool IsAid(FigureRow f) => f.MetricKind == MetricKind.Money || IsAssistance(f);

    public static AidModel Build(IReadOnlyList<FigureRow> figures)
    {
        static List<AidGroup> Group(IEnumerable<FigureRow> rows) => rows
            .GroupBy(f => (f.UnitCode, f.UnitName, f.UnitKind))
            .OrderBy(g => g.Key.UnitCode, StringComparer.Ordinal)
            .Select(g => new AidGroup(g.Key.UnitCode, g.Key.UnitName, g.Key.UnitKind, g.OrderBy(f => f.SortKey).ThenBy(f => f.MetricName, StringComparer.Ordinal).ToList()))
            .ToList();

        return new AidModel(
            Group(figures.Where(f => f.MetricKind == MetricKind.Money)),
            Group(figures.Where(IsAssistance)));
    }
}
