using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// The check every data-changing service runs before it writes: a signed-in, enabled account in the required
/// role. It reads the account from the store, so a disabled account is refused at once, whatever its cookie says.
/// </summary>
public static class StaffAuthorization
{
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

        var roles = account.Roles;
        var stillAllowed = role == StaffRoles.Admin ? roles.Contains(StaffRoles.Admin) : roles.Contains(StaffRoles.Editor) || roles.Contains(StaffRoles.Admin);
        if (!stillAllowed)
        {
            throw new NotAuthorizedException("This account no longer has the role needed for this change.");
        }

        return name;
    }

    private sealed record StaffAccount(bool IsDisabled, List<string?> Roles);

    // Precompiled: every write runs it first (docs/performance.md, saving one figure).
    private static readonly PerModel<Func<DashboardDbContext, string, IAsyncEnumerable<StaffAccount>>> Account =
        new(() => EF.CompileAsyncQuery((DashboardDbContext db, string normalized) => db.Users.AsNoTracking()
            .Where(u => u.NormalizedUserName == normalized)
            .Select(u => new StaffAccount(
                u.IsDisabled,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList()))
            .Take(2)));
}
