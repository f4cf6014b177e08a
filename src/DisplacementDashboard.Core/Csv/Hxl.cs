using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// The optional HXL hashtag row (Humanitarian Exchange Language, hxlstandard.org) under the header, and the
/// per-metric hashtag of the value column. The table is documented in docs/csv-format.md.
/// </summary>
public static class Hxl
{
    /// <summary>Value column hashtag when a file mixes metrics, or for a metric without a mapping.</summary>
    public const string DefaultValueTag = "#indicator+value+num";

    /// <summary>
    /// Value hashtags of the metrics in the first seed, by metric code. The store now keeps each metric's hashtag
    /// (<see cref="Metric.HxlHashtag"/>, seeded from this table, edited on the metrics page); this table is the
    /// fallback for a seed file written before that column.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> MetricTags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cumulative_arrivals_in_armenia"] = "#affected+refugees+arrived+total",
        ["arrivals_on_day"] = "#affected+refugees+arrived+daily",
        ["first_group_size"] = "#affected+refugees+arrived",
        ["state_provided_accommodation_cumulative"] = "#affected+refugees+sheltered",
        ["state_provided_accommodation_by_marz"] = "#affected+refugees+sheltered",
        ["one_time_payment_recipients"] = "#reached+refugees+cash",
        ["living_expense_payment_recipients"] = "#reached+refugees+cash",
        ["depot_blast_deaths"] = "#affected+killed",
        ["depot_blast_injured"] = "#affected+injured",
        ["depot_blast_missing"] = "#affected+missing",
        ["offensive_killed"] = "#affected+killed",
        ["offensive_killed_armenian_side"] = "#affected+killed",
        ["population_pre_exodus"] = "#population+total",
        ["armenia_population"] = "#population+total",
        ["planned_reception_capacity"] = "#capacity+planned",
        ["planning_figure_refugees"] = "#targeted+refugees",
        ["rrp_target_refugees"] = "#targeted+refugees",
        ["expected_arrivals_planning"] = "#targeted+refugees",
        ["rrp_target_population_total"] = "#targeted+total",
        ["rrp_target_host_community"] = "#targeted+host",
        ["wfp_food_parcels_coverage"] = "#targeted+food",
        ["wfp_food_cards_coverage"] = "#targeted+food",
        ["wfp_hot_meals_distributed"] = "#output+meals+num",
        ["wfp_hot_meals_planned"] = "#output+meals+planned+num",
        ["rrp_partners"] = "#org+partners+num",
        ["rrp_partners_national_ngos"] = "#org+partners+ngo+num",
        ["share_of_population_fled"] = "#affected+refugees+pct",
        ["refugees_share_of_armenia_population"] = "#population+refugees+pct",
    };

    /// <summary>
    /// The value column's hashtag for one metric: the table above; money metrics get
    /// <c>#value+funding</c> (+required for appeals, +pledged for pledges) with the currency as attribute
    /// (<c>+usd</c>); other metrics by kind; otherwise <see cref="DefaultValueTag"/>.
    /// </summary>
    public static string ValueTag(string? metricCode, MetricKind? kind, string? unitCode) => ValueTag(metricCode, kind, unitCode, null);

    /// <summary>The value column's hashtag: the metric's stored hashtag when it has one, else as <see cref="ValueTag(string?, MetricKind?, string?)"/>.</summary>
    public static string ValueTag(string? metricCode, MetricKind? kind, string? unitCode, string? storedHashtag)
    {
        if (!string.IsNullOrWhiteSpace(storedHashtag))
        {
            return storedHashtag.Trim();
        }

        if (metricCode is null)
        {
            return DefaultValueTag;
        }

        if (MetricTags.TryGetValue(metricCode, out var tag))
        {
            return tag;
        }

        if (kind == MetricKind.Money)
        {
            var purpose = metricCode.StartsWith("appeal", StringComparison.Ordinal) ? "+required"
                : metricCode.Contains("pledge", StringComparison.Ordinal) ? "+pledged"
                : "";
            var currency = string.IsNullOrEmpty(unitCode) ? "" : "+" + unitCode.ToLowerInvariant();
            return "#value+funding" + purpose + currency;
        }

        return kind switch
        {
            MetricKind.Share => "#indicator+value+pct",
            MetricKind.Casualty => "#affected+num",
            _ => DefaultValueTag,
        };
    }

    /// <summary>The location column's hashtag: by level when the file holds one location, else <c>#loc+code</c>.</summary>
    public static string LocationTag(LocationLevel? level) => level switch
    {
        LocationLevel.Country => "#country+code",
        LocationLevel.Adm1 => "#adm1+code",
        _ => "#loc+code",
    };

    /// <summary>The <see cref="FigureCsv.Verified"/> column's hashtag (values <c>true</c> and <c>false</c>).</summary>
    public const string VerifiedTag = "#status+verified";

    /// <summary>The whole hashtag row, one tag per <see cref="FigureCsv.Columns"/> entry.</summary>
    public static IReadOnlyList<string> Row(string? metricCode = null, MetricKind? metricKind = null, string? unitCode = null, LocationLevel? locationLevel = null, string? metricHashtag = null) =>
    [
        "#meta+id",
        "#meta+revision",
        "#meta+id+external",
        "#indicator+code",
        LocationTag(locationLevel),
        "#date+occurred",
        "#date+occurred+time+local",
        ValueTag(metricCode, metricKind, unitCode, metricHashtag),
        "#meta+unit",
        "#meta+qualifier",
        "#meta+source+code",
        "#meta+source",
        "#meta+source+publisher",
        "#meta+url",
        "#date+reported",
        "#description+notes",
    ];
}
