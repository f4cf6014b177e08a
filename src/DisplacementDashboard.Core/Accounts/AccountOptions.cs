using System.ComponentModel.DataAnnotations;

namespace DisplacementDashboard.Core.Accounts;

/// <summary>Staff account settings (configuration section <c>Accounts</c>).</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    /// <summary>How many hours a reset link an Admin issues keeps working if it is not used (default 24).</summary>
    [Range(0.25, 720, ErrorMessage = "Accounts:ResetLinkHours must be between 0.25 and 720 hours.")]
    public double ResetLinkHours { get; set; } = 24;

    public TimeSpan ResetLinkLifetime => TimeSpan.FromHours(ResetLinkHours);
}
