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
}
