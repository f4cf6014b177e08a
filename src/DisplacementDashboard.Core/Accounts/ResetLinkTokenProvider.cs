using DisplacementDashboard.Core.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Accounts;

/// <summary>
/// Options of <see cref="ResetLinkTokenProvider"/>, apart from Identity's default provider's, so giving reset links
/// their lifetime (<see cref="AccountOptions.ResetLinkHours"/>) changes no other kind of token.
/// </summary>
public sealed class ResetLinkTokenProviderOptions : DataProtectionTokenProviderOptions;

/// <summary>
/// Makes and checks the tokens in the reset links an Admin issues: Identity's Data Protection token provider under
/// its own name (its own protector purpose) and lifetime. A token carries the account's security stamp, so it stops
/// working once the password is set with it, or the stamp changes otherwise (password changed, signed out, disabled).
/// </summary>
public sealed class ResetLinkTokenProvider(
    IDataProtectionProvider protection,
    IOptions<ResetLinkTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<StaffUser>> logger)
    : DataProtectorTokenProvider<StaffUser>(protection, options, logger)
{
    /// <summary>The provider's name in Identity's token options, and its Data Protection purpose.</summary>
    public const string ProviderName = "ResetLink";
}
