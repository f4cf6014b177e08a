namespace DisplacementDashboard.Core.Domain;

/// <summary>
/// A unit of measure. Values are stored as whole numbers of 10^-<see cref="Decimals"/> units,
/// so money is held in minor units (cents) and percentages in tenths.
/// </summary>
public sealed class Unit
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public UnitKind Kind { get; set; }

    public int Decimals { get; set; }
}
