using System.Globalization;
using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Accounts;

/// <summary>A staff account as the admin page lists it.</summary>
public sealed record StaffAccount(string Id, string Email, IReadOnlyList<string> Roles, bool IsDisabled, DateTimeOffset? LockedOutUntil, DateTime CreatedAtUtc);

/// <summary>
/// A reset link as issued: whom it is for, its address relative to the app (<c>/account/reset?user=...&amp;token=...</c>)
/// and when it stops working if unused.
/// </summary>
public sealed record ResetLink(string Email, string RelativeUrl, DateTimeOffset ExpiresAtUtc);

/// <summary>The link an Admin asked for, or why there is none.</summary>
public sealed record ResetLinkResult(ResetLink? Link, IReadOnlyList<string> Problems);

/// <summary>
/// Staff account management. Admin-only operations check the caller's role in the store; the first admin is
/// created by the <c>create-admin</c> command on the server, never by a default credential. Staff change their own
/// password; an Admin issues one-time reset links, which work for <see cref="AccountOptions.ResetLinkHours"/>. Every
/// password change or reset renews the account's security stamp, which ends every other session of it.
/// The scope's <see cref="DashboardDbContext"/> is the one Identity's stores use, so a check and a change can share
/// a transaction.
/// </summary>
public sealed class StaffDirectory(
    UserManager<StaffUser> users,
    RoleManager<IdentityRole> roles,
    IDbContextFactory<DashboardDbContext> contexts,
    DashboardDbContext db,
    IOptions<AccountOptions> options,
    TimeProvider time)
{
    /// <summary>The address of the page a reset link opens.</summary>
    public const string ResetPath = "/account/reset";

    /// <summary>What a used, expired, altered or incomplete reset link is told.</summary>
    public string ResetLinkRefused =>
        string.Create(CultureInfo.InvariantCulture, $"This reset link does not work: it has been used already, it is more than {options.Value.ResetLinkHours:0.##} hours old, or it is incomplete. Ask an administrator for a new one.");

    /// <summary>Makes sure both roles exist (start-up).</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in new[] { StaffRoles.Editor, StaffRoles.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>For the server-side command only: creates (or promotes) an Admin who is also an Editor.</summary>
    public async Task<IReadOnlyList<string>> CreateAdminAsync(string email, string password)
    {
        await EnsureRolesAsync();
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            return [$"An account for {email} already exists; sign in as an admin to change it in /admin/users."];
        }

        return await CreateAsync(email, password, [StaffRoles.Editor, StaffRoles.Admin]);
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(ClaimsPrincipal admin, CancellationToken cancellationToken = default)
    {
        await EnsureAdminAsync(admin, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var accounts = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roleNames = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        return accounts.Select(u => new StaffAccount(
            u.Id,
            u.Email ?? u.UserName ?? "",
            roleNames.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal).ToList(),
            u.IsDisabled,
            u.LockoutEnd is { } end && end > time.GetUtcNow() ? end : null,
            u.CreatedAtUtc)).ToList();
    }

    /// <summary>
    /// Admin creates an Editor (optionally also Admin). Returns the problems, or none when created; each is tied to
    /// the field it is about (<see cref="EmailField"/>, <see cref="PasswordField"/>, or empty for the form as a
    /// whole) so the accounts page can show it under its input.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> CreateEditorAsync(ClaimsPrincipal admin, string email, string password, bool alsoAdmin, CancellationToken cancellationToken = default)
    {
        await EnsureAdminAsync(admin, cancellationToken);
        await EnsureRolesAsync();
        var problems = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(email))
        {
            problems.Add(new FieldError(EmailField, "Enter the person's email address."));
        }

        if (string.IsNullOrEmpty(password))
        {
            problems.Add(new FieldError(PasswordField, "Enter a first password for them."));
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return [new FieldError(EmailField, $"An account for {email} already exists.")];
        }

        return await CreateWithFieldsAsync(email, password, alsoAdmin ? [StaffRoles.Editor, StaffRoles.Admin] : [StaffRoles.Editor]);
    }

    /// <summary>The field name of problems with the email address.</summary>
    public const string EmailField = "Email";

    /// <summary>The field name of problems with the password.</summary>
    public const string PasswordField = "Password";

    /// <summary>The field name of problems with the current password (changing one's own).</summary>
    public const string CurrentPasswordField = "CurrentPassword";

    /// <summary>A PostgreSQL advisory lock for changes that check the enabled Admins (any fixed key; only this class uses it).</summary>
    private const string AccountLockSql = "SELECT pg_advisory_xact_lock(1145044993)";

    /// <summary>The field name of problems with a new password (changing one's own, or through a reset link).</summary>
    public const string NewPasswordField = "NewPassword";

    /// <summary>
    /// Disables or re-enables an account. Disabling also ends its sign-in everywhere (new security stamp). Nobody
    /// disables their own account, and the last enabled Admin is never disabled: the check and the change run in one
    /// write transaction, so two Admins disabling each other at the same moment cannot both succeed.
    /// </summary>
    public async Task<IReadOnlyList<string>> SetDisabledAsync(ClaimsPrincipal admin, string userId, bool disabled, CancellationToken cancellationToken = default)
    {
        var adminName = await EnsureAdminAsync(admin, cancellationToken);

        // The check and the change are serialised: a second request waits for this one to commit and then sees its
        // change. On SQLite, Serializable is BEGIN IMMEDIATE (the write lock is taken before the checks read). On
        // PostgreSQL, Serializable would fail the second request instead of making it wait, so it takes a transaction-
        // scoped advisory lock that only this operation uses, and reads committed data after it is granted.
        await using var transaction = db.Database.IsNpgsql()
            ? await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken)
            : await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(AccountLockSql, cancellationToken);
        }

        var user = await FindCurrentAsync(userId, cancellationToken);
        if (user is null)
        {
            return ["That account does not exist."];
        }

        if (disabled && string.Equals(user.UserName, adminName, StringComparison.OrdinalIgnoreCase))
        {
            return ["You cannot disable your own account."];
        }

        if (disabled && !user.IsDisabled && !await OtherEnabledAdminExistsAsync(user.Id, cancellationToken))
        {
            return [$"{user.Email} is the last enabled administrator, so it stays enabled."];
        }

        user.IsDisabled = disabled;
        var result = disabled ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return result.Errors.Select(e => e.Description).ToList();
        }

        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>
    /// A signed-in member of staff changes their own password, giving the current one. Returns the problems by field
    /// (<see cref="CurrentPasswordField"/>, <see cref="NewPasswordField"/>), none when changed. A wrong current
    /// password counts as a failed sign-in (five lock the account, as on the sign-in page). The change renews the
    /// security stamp: every session of the account ends, so the caller re-issues this session's cookie.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> ChangePasswordAsync(ClaimsPrincipal user, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        string name;
        await using (var check = await contexts.CreateDbContextAsync(cancellationToken))
        {
            name = await StaffAuthorization.EnsureAsync(check, user, StaffRoles.Editor, cancellationToken);
        }

        var problems = new List<FieldError>();
        if (string.IsNullOrEmpty(currentPassword))
        {
            problems.Add(new FieldError(CurrentPasswordField, "Enter your current password."));
        }

        if (string.IsNullOrEmpty(newPassword))
        {
            problems.Add(new FieldError(NewPasswordField, "Enter a new password."));
        }

        var account = await users.FindByNameAsync(name);
        if (problems.Count > 0 || account is null)
        {
            return problems;
        }

        await db.Entry(account).ReloadAsync(cancellationToken);
        if (await users.IsLockedOutAsync(account))
        {
            return [new FieldError(CurrentPasswordField, "Too many wrong passwords: try again in a few minutes.")];
        }

        var result = await users.ChangePasswordAsync(account, currentPassword, newPassword);
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
        {
            await users.AccessFailedAsync(account);
            return [new FieldError(CurrentPasswordField, "That is not your current password.")];
        }

        return result.Succeeded ? [] : result.Errors.Select(e => new FieldError(NewPasswordField, e.Description)).ToList();
    }

    /// <summary>
    /// An Admin issues a reset link for an enabled account, to pass on to its owner. Issuing ends no session (the
    /// owner may simply have forgotten the password); using the link does. The link works once, for
    /// <see cref="AccountOptions.ResetLinkHours"/>; an earlier unused link stays valid until one of them is used or
    /// the account is disabled.
    /// </summary>
    public async Task<ResetLinkResult> IssueResetLinkAsync(ClaimsPrincipal admin, string userId, CancellationToken cancellationToken = default)
    {
        await EnsureAdminAsync(admin, cancellationToken);
        var user = await FindCurrentAsync(userId, cancellationToken);
        if (user is null)
        {
            return new ResetLinkResult(null, ["That account does not exist."]);
        }

        if (user.IsDisabled)
        {
            return new ResetLinkResult(null, [$"{user.Email} is disabled: enable it before issuing a reset link."]);
        }

        // Identity's token is Base64 of the protected bytes; the link carries the same bytes in Base64url.
        var token = WebEncoders.Base64UrlEncode(Convert.FromBase64String(await users.GeneratePasswordResetTokenAsync(user)));
        var url = $"{ResetPath}?user={Uri.EscapeDataString(user.Id)}&token={token}";
        return new ResetLinkResult(new ResetLink(user.Email ?? user.UserName ?? "", url, time.GetUtcNow() + options.Value.ResetLinkLifetime), []);
    }

    /// <summary>The email of the account a reset link is for, or null when the link does not work (see <see cref="ResetLinkRefused"/>).</summary>
    public async Task<string?> FindResetLinkAccountAsync(string? userId, string? token, CancellationToken cancellationToken = default)
    {
        var (user, identityToken) = await ReadResetLinkAsync(userId, token, cancellationToken);
        return user is not null && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<StaffUser>.ResetPasswordTokenPurpose, identityToken)
            ? user.Email
            : null;
    }

    /// <summary>
    /// Sets a new password through a reset link. Returns the problems: under <see cref="NewPasswordField"/> for the
    /// password, or with an empty field and <see cref="ResetLinkRefused"/> when the link does not work; none when the
    /// password is set. The link then stops working, every session of the account ends, and a lockout is lifted.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> ResetPasswordAsync(string? userId, string? token, string newPassword, CancellationToken cancellationToken = default)
    {
        var (user, identityToken) = await ReadResetLinkAsync(userId, token, cancellationToken);
        if (user is null)
        {
            return [new FieldError("", ResetLinkRefused)];
        }

        if (string.IsNullOrEmpty(newPassword))
        {
            return [new FieldError(NewPasswordField, "Enter a new password.")];
        }

        var result = await users.ResetPasswordAsync(user, identityToken, newPassword);
        if (!result.Succeeded)
        {
            // A token that does not verify, or a second use racing the first (the account row changed under it).
            return result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.InvalidToken) or nameof(IdentityErrorDescriber.ConcurrencyFailure))
                ? [new FieldError("", ResetLinkRefused)]
                : result.Errors.Select(e => new FieldError(NewPasswordField, e.Description)).ToList();
        }

        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        return [];
    }

    /// <summary>The enabled account a link names and its Identity token, or no account when the link cannot be read.</summary>
    private async Task<(StaffUser? User, string Token)> ReadResetLinkAsync(string? userId, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token))
        {
            return (null, "");
        }

        string identityToken;
        try
        {
            identityToken = Convert.ToBase64String(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            return (null, "");
        }

        var user = await FindCurrentAsync(userId, cancellationToken);
        return user is { IsDisabled: false } ? (user, identityToken) : (null, "");
    }

    /// <summary>
    /// The account as the store holds it now. The context lives as long as the page's circuit, so an account it loaded
    /// earlier is read again (another request may have changed its stamp since).
    /// </summary>
    private async Task<StaffUser?> FindCurrentAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is not null)
        {
            await db.Entry(user).ReloadAsync(cancellationToken);
        }

        return user;
    }

    private Task<bool> OtherEnabledAdminExistsAsync(string userId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(
            u => u.Id != userId && !u.IsDisabled
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == StaffRoles.Admin)),
            cancellationToken);

    private async Task<IReadOnlyList<string>> CreateAsync(string email, string password, string[] roleNames) =>
        (await CreateWithFieldsAsync(email, password, roleNames)).Select(e => e.Message).ToList();

    private async Task<IReadOnlyList<FieldError>> CreateWithFieldsAsync(string email, string password, string[] roleNames)
    {
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAtUtc = time.GetUtcNow().UtcDateTime, LockoutEnabled = true };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRolesAsync(user, roleNames);
        }

        return result.Succeeded ? [] : result.Errors.Select(e => new FieldError(FieldOf(e), e.Description)).ToList();
    }

    /// <summary>Identity's error codes name what they are about (PasswordTooShort, InvalidEmail, DuplicateUserName...).</summary>
    private static string FieldOf(IdentityError error) =>
        error.Code.StartsWith("Password", StringComparison.Ordinal) ? PasswordField
        : error.Code.Contains("Email", StringComparison.Ordinal) || error.Code.Contains("UserName", StringComparison.Ordinal) ? EmailField
        : "";

    private async Task<string> EnsureAdminAsync(ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await StaffAuthorization.EnsureAsync(db, admin, StaffRoles.Admin, cancellationToken);
    }
}
