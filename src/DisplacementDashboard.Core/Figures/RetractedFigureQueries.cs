using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.History;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Figures;

/// <summary>Orders of the retracted figures list.</summary>
public enum RetractedSort
{
    /// <summary>When the figure was retracted (its latest retraction).</summary>
    RetractedAt,
    Date,
    Metric,
    Location,
    /// <summary>By value within each unit, as in the figures grid (<see cref="FigureSort.Value"/>).</summary>
    Value,
    Source,
}

/// <summary>
/// A retracted figure as editors see it in the list.
/// </summary>
/// <param name="Figure">The figure as the grid shows it.</param>
/// <param name="Version">The version a restore must match (<see cref="FigureEditor.RestoreAsync"/>).</param>
/// <param name="RetractedBy">Who retracted it (a staff account; staff only).</param>
/// <param name="RetractedAtUtc">When, in UTC.</param>
/// <param name="Reason">Why, as given; null when no retraction was recorded (see <see cref="RetractedFigureQueries"/>).</param>
public sealed record RetractedFigureRow(FigureRow Figure, int Version, string RetractedBy, DateTime RetractedAtUtc, string? Reason);

/// <summary>One page of retracted figures and how many there are in all.</summary>
public sealed record RetractedFigurePage(IReadOnlyList<RetractedFigureRow> Rows, int Total);

/// <summary>
/// The retracted figures, for editors deciding what to restore: paged, counted and sorted in the database (a store can
/// hold thousands). Who, when and why come from each figure's latest <see cref="RevisionKind.Retracted"/> revision; a
/// figure retracted outside the app (raw SQL) has none and is listed with its last change's author and time and no
/// reason. The list names staff accounts, so it is for editors and admins only, checked against the store like every
/// write (<see cref="StaffAuthorization"/>).
/// </summary>
public sealed class RetractedFigureQueries(IDbContextFactory<DashboardDbContext> contexts)
{
    /// <summary>The most rows one call returns.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Rows <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> in the given order; throws <see cref="NotAuthorizedException"/> for anyone but an enabled editor or admin.</summary>
    public async Task<RetractedFigurePage> GetPageAsync(ClaimsPrincipal user, int skip, int take, RetractedSort sort, bool descending, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One connection for the check, the count and the page.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);

        // Read through the partial index of retracted figures (IX_Figures_Retracted): the shown ones are never visited.
        var retracted = db.Figures.AsNoTracking().Where(f => f.IsRetracted);
        var total = await retracted.CountAsync(cancellationToken);
        var rows = await Order(db, retracted, sort, descending)
            .Skip(Math.Max(0, skip))
            .Take(Math.Clamp(take, 1, MaxPageSize))
            .Select(FigureQueries.ToRow)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return new RetractedFigurePage([], total);
        }

        var ids = rows.Select(r => r.Id).ToList();
        var figures = await db.Figures.AsNoTracking().Where(f => ids.Contains(f.Id))
            .Select(f => new { f.Id, f.Version, f.UpdatedBy, f.UpdatedAtUtc })
            .ToDictionaryAsync(f => f.Id, cancellationToken);
        var retractions = (await db.Revisions.AsNoTracking()
                .Where(r => r.EntityType == RevisionLog.FigureType && ids.Contains(r.EntityId) && r.Kind == RevisionKind.Retracted)
                .Select(r => new { r.EntityId, r.Number, r.UserName, r.AtUtc, r.Reason })
                .ToListAsync(cancellationToken))
            .GroupBy(r => r.EntityId)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Number)!);

        return new RetractedFigurePage(
            rows.Select(row =>
            {
                var figure = figures[row.Id];
                return retractions.TryGetValue(row.Id, out var last)
                    ? new RetractedFigureRow(row, figure.Version, last.UserName, last.AtUtc, last.Reason)
                    : new RetractedFigureRow(row, figure.Version, figure.UpdatedBy, figure.UpdatedAtUtc, null);
            }).ToList(),
            total);
    }

    private static IQueryable<Figure> Order(DashboardDbContext db, IQueryable<Figure> query, RetractedSort sort, bool descending)
    {
        if (sort != RetractedSort.RetractedAt)
        {
            var column = sort switch
            {
                RetractedSort.Metric => FigureSort.Metric,
                RetractedSort.Location => FigureSort.Location,
                RetractedSort.Value => FigureSort.Value,
                RetractedSort.Source => FigureSort.Source,
                _ => FigureSort.Date,
            };
            return FigureQueries.Order(query, column, descending);
        }

        // The same rule as the rows show: the latest retraction revision, else the figure's last change.
        System.Linq.Expressions.Expression<Func<Figure, DateTime>> retractedAt = f =>
            db.Revisions
                .Where(r => r.EntityType == RevisionLog.FigureType && r.EntityId == f.Id && r.Kind == RevisionKind.Retracted)
                .OrderByDescending(r => r.Number)
                .Select(r => (DateTime?)r.AtUtc)
                .FirstOrDefault() ?? f.UpdatedAtUtc;
        return descending
            ? query.OrderByDescending(retractedAt).ThenByDescending(f => f.Id)
            : query.OrderBy(retractedAt).ThenBy(f => f.Id);
    }
}
