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

    /// <summary>The name in Armenian script (Սյունիք), where known.</summary>
    public string? NameHy { get; set; }

    /// <summary>The name in Russian (Сюник), where known.</summary>
    public string? NameRu { get; set; }

    /// <summary>The humanitarian P-code (COD-AB) where a source gives one; never invented.</summary>
    public string? PCode { get; set; }

    /// <summary>When it was retired: no longer offered for new figures; figures that use it stay shown.</summary>
    public DateTime? RetiredAtUtc { get; set; }

    public string? RetiredBy { get; set; }

    /// <summary>App-managed concurrency token: +1 on every change (SQLite has no rowversion).</summary>
    public int Version { get; set; } = 1;

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}
