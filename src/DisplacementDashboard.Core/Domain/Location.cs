namespace DisplacementDashboard.Core.Domain;

/// <summary>A country, region, province (marz), place or site; hierarchical through <see cref="ParentId"/>.</summary>
public sealed class Location
{
    public int Id { get; set; }

    /// <summary>ISO 3166 code where one exists (AM, AM-SU), otherwise a stable project code (NK-FUEL-DEPOT).</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public LocationLevel Level { get; set; }

    public int? ParentId { get; set; }

    public Location? Parent { get; set; }
}
