using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// The check every data-changing service runs before it writes: a signed-in, enabled account in the required
/// role, signed in with the account's current security stamp. It reads the account from the store, so a disabled
/// account, or a session ended by a sign-out, a password change or a reset elsewhere, is refused at once, whatever
/// its cookie or open page still holds.
/// </summary>
public static class StaffAuthorization
{
    /// <summary>
    /// The claim in which Identity puts the security stamp a session was signed in with. The app keeps Identity's
    /// default (<see cref="ClaimsIdentityOptions.SecurityStampClaimType"/>).
    /// </summary>
    public static readonly string SecurityStampClaimType = new ClaimsIdentityOptions().SecurityStampClaimType;

    /// <summary>Returns the user name to record in revisions, or throws <see cref="NotAuthorizedException"/>.</summary>
    public static async Task<string> EnsureAsync(DashboardDbContext db, ClaimsPrincipal? user, string role, CancellationToken cancellationToken)
    {
        var name = user?.Identity is { IsAuthenticated: true } identity ? identity.Name : null;
        if (string.IsNullOrEmpty(name))
        {
            throw new NotAuthorizedException("Sign in as staff to change figures.");
        }

        var allowed = role == StaffRoles.Admin
            ? user!.IsInRole(StaffRoles.Admin)
            : user!.IsInRole(StaffRoles.Editor) || user.IsInRole(StaffRoles.Admin);
        if (!allowed)
        {
            throw new NotAuthorizedException(role == StaffRoles.Admin ? "Only administrators can do this." : "Only editors can change figures, sources and events.");
        }

        // One round trip: the account's status and its roles as the store holds them, not as the cookie says.
        var accounts = new List<StaffAccount>(1);
        await foreach (var found in Account.For(db)(db, name.ToUpperInvariant()).WithCancellation(cancellationToken))
        {
            accounts.Add(found);
        }

        if (accounts is not [{ IsDisabled: false } account])
        {
            throw new NotAuthorizedException("This account is disabled or no longer exists.");
        }

        // A session whose stamp is not the account's current one has ended (signed out, password changed or reset,
        // account disabled); an open page keeps its old principal until it revalidates, so the check is here too.
        var stamp = user.FindFirst(SecurityStampClaimType)?.Value;
        if (string.IsNullOrEmpty(stamp) || !string.Equals(stamp, account.SecurityStamp, StringComparison.Ordinal))
        {
            throw new NotAuthorizedException("This session has ended (signed out, or the password was changed). Sign in again.");
        }

        var roles = account.Roles;
        var stillAllowed = role == StaffRoles.Admin ? roles.Contains(StaffRoles.Admin) : roles.Contains(StaffRoles.Editor) || roles.Contains(StaffRoles.Admin);
        if (!stillAllowed)
        {
            throw new NotAuthorizedException("This account no longer has the role needed for this change.");
        }

        return name;
    }

    private sealed record StaffAccount(bool IsDisabled, string? SecurityStamp, List<string?> Roles);

    // Precompiled: every write runs it first (docs/performance.md, saving one figure).
    private static readonly PerModel<Func<DashboardDbContext, string, IAsyncEnumerable<StaffAccount>>> Account =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db, string normalized) => db.Users.AsNoTracking()
            .Where(u => u.NormalizedUserName == normalized)
            .Select(u => new StaffAccount(
                u.IsDisabled,
                u.SecurityStamp,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList()))
            .Take(2)));
}
