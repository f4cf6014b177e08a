using System.Globalization;
using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// Marks a figure as checked by a second editor (issue 12, "checked by a second person"). The check is a
/// <see cref="RevisionKind.Verified"/> revision (who, when, what was checked) written in the same transaction as the
/// figure's <see cref="Figure.VerifiedAtUtc"/> and <see cref="Figure.VerifiedBy"/>, with the same optimistic
/// concurrency as <see cref="FigureEditor"/>. Nobody verifies a figure they entered or last changed; a retracted figure
/// is not verified. Any later change of the figure (correction, retraction, restoration, a re-import that changes it)
/// clears the verification, so a changed number is unverified again.
/// </summary>
public sealed class FigureVerifier(IDbContextFactory<DashboardDbContext> contexts, TimeProvider time, FigureChangeNotifier notifier)
{
    /// <summary>Longest "what was checked" the store keeps (the revision's reason column).</summary>
    public const int CheckedMaxLength = 1000;

    /// <summary>The field the "what was checked" message belongs to.</summary>
    public const string CheckedField = "whatWasChecked";

    /// <summary>
    /// The message for a missing or too long "what was checked", or null when it is fine. Forms ask before saving, as
    /// <see cref="FigureEditor.CheckRetractReason"/> does.
    /// </summary>
    public static FieldError? CheckWhatWasChecked(string? whatWasChecked) =>
        string.IsNullOrWhiteSpace(whatWasChecked)
            ? new FieldError(CheckedField, "Say what you checked (for example: checked against the source's page 3).")
            : whatWasChecked.Trim().Length > CheckedMaxLength
                ? new FieldError(CheckedField, $"Keep what was checked under {CheckedMaxLength.ToString("N0", CultureInfo.InvariantCulture)} characters.")
                : null;

    /// <summary>
    /// Figure <paramref name="figureId"/>'s verification and whether <paramref name="userName"/> may verify it now
    /// (<see cref="VerificationStatus.WhyNot"/> is null then); null when there is no such figure. Read-only:
    /// <see cref="VerifyAsync"/> checks again when it writes.
    /// </summary>
    public async Task<VerificationStatus?> GetStatusAsync(int figureId, string? userName, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var figure = await db.Figures.AsNoTracking().Where(f => f.Id == figureId)
            .Select(f => new { f.Version, f.IsRetracted, f.UpdatedBy, f.VerifiedAtUtc, f.VerifiedBy }).SingleOrDefaultAsync(cancellationToken);
        if (figure is null)
        {
            return null;
        }

        var whyNot = string.IsNullOrEmpty(userName)
            ? "Sign in as an editor to verify figures."
            : string.Equals(figure.VerifiedBy, userName, StringComparison.OrdinalIgnoreCase)
                ? "You verified this figure; it stays verified until it is changed."
                : await RefusalAsync(db, figureId, figure.IsRetracted, figure.UpdatedBy, userName, cancellationToken);
        return new VerificationStatus(figure.Version, figure.IsRetracted, figure.VerifiedAtUtc, figure.VerifiedBy, whyNot);
    }

    /// <summary>
    /// Records that <paramref name="user"/> checked the figure, if nobody saved it since <paramref name="expectedVersion"/>.
    /// <paramref name="whatWasChecked"/> is required and kept as the revision's reason.
    /// </summary>
    public async Task<EditResult> VerifyAsync(ClaimsPrincipal user, int figureId, int expectedVersion, string? whatWasChecked, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One connection for the whole operation: EF would otherwise open and close it around every query.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        if (CheckWhatWasChecked(whatWasChecked) is { } missing)
        {
            return EditResult.Invalid(missing);
        }

        var figure = await db.Figures.Include(f => f.Unit).SingleOrDefaultAsync(f => f.Id == figureId, cancellationToken);
        if (figure is null)
        {
            return new EditResult(EditStatus.NotFound);
        }

        if (figure.Version != expectedVersion)
        {
            return new EditResult(EditStatus.Conflict, figure.Id, Conflict: Current(figure));
        }

        if (await RefusalAsync(db, figure.Id, figure.IsRetracted, figure.UpdatedBy, userName, cancellationToken) is { } refusal)
        {
            return EditResult.Invalid(new FieldError(CheckedField, refusal));
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var codes = await db.Figures.AsNoTracking().Where(f => f.Id == figure.Id)
            .Select(f => new { Metric = f.Metric.Code, Location = f.Location.Code, Source = f.Source.Key }).SingleAsync(cancellationToken);
        var snapshot = FigureSnapshot.Of(figure, codes.Metric, codes.Location, codes.Source);
        db.Entry(figure).Property(f => f.Version).OriginalValue = expectedVersion;
        // UpdatedAtUtc and UpdatedBy stay those of the last change of the figure's content: a check changes nothing in it.
        figure.Version = expectedVersion + 1;
        figure.VerifiedAtUtc = now;
        figure.VerifiedBy = userName;
        db.Revisions.Add(RevisionLog.Create(RevisionLog.FigureType, figure.Id, figure.Version, RevisionKind.Verified, userName, now, snapshot, snapshot, whatWasChecked!.Trim()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (SaveConflicts.IsLostRace(ex))
        {
            await transaction.RollbackAsync(cancellationToken);
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            var current = await fresh.Figures.AsNoTracking().Include(f => f.Unit).SingleOrDefaultAsync(f => f.Id == figure.Id, cancellationToken);
            return new EditResult(EditStatus.Conflict, figure.Id, Conflict: current is null ? null : Current(current));
        }

        await transaction.CommitAsync(cancellationToken);
        await notifier.NotifyAsync();
        return new EditResult(EditStatus.Saved, figure.Id, figure.Version);
    }

    /// <summary>
    /// Why <paramref name="userName"/> may not verify the figure, or null: a retracted figure is not verified, and the
    /// editor who created it (its first revision) or made its latest change (its latest revision that is not a check) is
    /// not the second person. A figure without revisions (written outside the app) counts its last writer.
    /// </summary>
    private static async Task<string?> RefusalAsync(DashboardDbContext db, int figureId, bool retracted, string updatedBy, string userName, CancellationToken cancellationToken)
    {
        if (retracted)
        {
            return "A retracted figure cannot be verified; restore it first.";
        }

        var revisions = db.Revisions.AsNoTracking().Where(r => r.EntityType == RevisionLog.FigureType && r.EntityId == figureId);
        var creator = await revisions.OrderBy(r => r.Number).Select(r => r.UserName).FirstOrDefaultAsync(cancellationToken);
        var lastChanger = await revisions.Where(r => r.Kind != RevisionKind.Verified).OrderByDescending(r => r.Number).Select(r => r.UserName).FirstOrDefaultAsync(cancellationToken)
                          ?? updatedBy;
        if (string.Equals(creator, userName, StringComparison.OrdinalIgnoreCase))
        {
            return "You entered this figure: another editor has to check it.";
        }

        return string.Equals(lastChanger, userName, StringComparison.OrdinalIgnoreCase)
            ? "You made the latest change to this figure: another editor has to check it."
            : null;
    }

    private static ConflictInfo Current(Figure figure)
    {
        var text = ScaledValue.Format(figure.Value, figure.Unit, CultureInfo.InvariantCulture) + (figure.IsRetracted ? " (retracted)" : "");
        return new ConflictInfo(text, figure.VerifiedBy ?? figure.UpdatedBy, figure.VerifiedAtUtc ?? figure.UpdatedAtUtc, figure.Version);
    }
}

/// <summary>
/// A figure's verification as the history page shows it: the version a check must match, when and by whom it was
/// checked (null while unverified), and why the reader may not check it (null when they may).
/// </summary>
public sealed record VerificationStatus(int Version, bool IsRetracted, DateTime? VerifiedAtUtc, string? VerifiedBy, string? WhyNot)
{
    public bool IsVerified => VerifiedAtUtc is not null;
}
