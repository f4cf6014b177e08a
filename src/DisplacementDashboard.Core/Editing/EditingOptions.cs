using System.ComponentModel.DataAnnotations;

namespace DisplacementDashboard.Core.Editing;

/// <summary>Rules for entered figures, bound from the <c>Editing</c> section.</summary>
public sealed class EditingOptions
{
    public const string SectionName = "Editing";

    /// <summary>Earliest reference date accepted (the blockade began in December 2022; the census is 2015).</summary>
    [Required]
    public DateOnly EarliestReferenceDate { get; set; } = new(2015, 1, 1);

    /// <summary>How many days after today (UTC) a reference date may lie; reports are about the past.</summary>
    [Range(0, 31)]
    public int MaxDaysInFuture { get; set; } = 1;

    /// <summary>
    /// Plausibility (<see cref="Plausibility"/>): a running total more than this many times above or below its nearest
    /// neighbour (any source, same metric, place and unit) is warned about. 42,500 typed as 4,250 is a factor of 10.
    /// </summary>
    [Range(1.5, 1000)]
    public double JumpFactor { get; set; } = 5;

    /// <summary>
    /// Plausibility: a value more than this many times above the largest, or below 1/this of the smallest positive,
    /// shown value of its metric in its unit is warned about.
    /// </summary>
    [Range(1.5, 1_000_000)]
    public double RangeFactor { get; set; } = 10;
}
