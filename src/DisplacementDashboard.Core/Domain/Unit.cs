namespace DisplacementDashboard.Core.Domain;

/// <summary>
/// A unit of measure. Values are stored as whole numbers of 10^-<see cref="Decimals"/> units,
/// so money is held in minor units (cents) and percentages in tenths.
/// </summary>
public sealed class Unit
{
    public required string Code { get; set; }

    /// <summary>
    /// Stable number of the unit in its revisions (<see cref="Revision.EntityId"/> with entity type "unit"); the code
    /// stays the key figures refer to. Allocated as one more than the highest when a unit is added.
    /// </summary>
    public int Id { get; set; }

    public required string Name { get; set; }

    public UnitKind Kind { get; set; }

    public int Decimals { get; set; }

    /// <summary>ISO 4217 currency code of a money unit (USD); null for counts and percentages.</summary>
    public string? Currency { get; set; }

    /// <summary>When it was retired: no longer offered for new figures; figures that use it stay shown.</summary>
    public DateTime? RetiredAtUtc { get; set; }

    public string? RetiredBy { get; set; }

    /// <summary>App-managed concurrency token: +1 on every change (SQLite has no rowversion).</summary>
    public int Version { get; set; } = 1;

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}
