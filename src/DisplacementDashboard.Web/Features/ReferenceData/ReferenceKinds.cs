using DisplacementDashboard.Core.History;

namespace DisplacementDashboard.Web.Features.ReferenceData;

/// <summary>The three kinds of reference data as the address names them (/reference/metrics, /units, /places).</summary>
internal static class ReferenceKinds
{
    public const string Metrics = "metrics";
    public const string Units = "units";
    public const string Places = "places";

    public static readonly string[] All = [Metrics, Units, Places];

    public static string Title(string kind) => kind switch
    {
        Metrics => "Metrics",
        Units => "Units",
        _ => "Places",
    };

    public static string Singular(string kind) => kind switch
    {
        Metrics => "metric",
        Units => "unit",
        _ => "place",
    };

    /// <summary>The revision entity type of the kind.</summary>
    public static string EntityType(string kind) => kind switch
    {
        Metrics => RevisionLog.MetricType,
        Units => RevisionLog.UnitType,
        _ => RevisionLog.LocationType,
    };
}
