using System.Globalization;
using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// Adds, corrects, retires and restores metrics, units and places. Editors add and correct; only Admins retire and
/// restore. Nothing is deleted: a code stays fixed once a figure uses it, and a retired item stays on its figures but
/// is not offered for new ones. Every change writes a revision in the same transaction and is refused when another
/// editor saved the item first (its version token).
/// </summary>
public sealed class ReferenceEditor(IDbContextFactory<DashboardDbContext> contexts, TimeProvider time, FigureChangeNotifier notifier)
{
    // ---- lists and loading ----

    public async Task<IReadOnlyList<ReferenceRow>> ListMetricsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Figures.AsNoTracking().GroupBy(f => f.MetricId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var metrics = await db.Metrics.AsNoTracking().OrderBy(m => m.Code).ToListAsync(cancellationToken);
        return metrics.Select(m => new ReferenceRow(m.Id, m.Code, m.Name, FileText(m.Kind), string.Join(", ", m.Units) + (m.HxlHashtag is null ? "" : " · " + m.HxlHashtag), counts.GetValueOrDefault(m.Id), m.RetiredAtUtc is not null)).ToList();
    }

    public async Task<IReadOnlyList<ReferenceRow>> ListUnitsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Figures.AsNoTracking().GroupBy(f => f.UnitCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(cancellationToken);
        return units.Select(u => new ReferenceRow(u.Id, u.Code, u.Name, FileText(u.Kind), Decimals(u.Decimals) + (u.Currency is null ? "" : " · " + u.Currency), counts.GetValueOrDefault(u.Code), u.RetiredAtUtc is not null)).ToList();
    }

    /// <summary>Places in tree order (each under its parent), with the path of their parents.</summary>
    public async Task<IReadOnlyList<ReferenceRow>> ListLocationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Figures.AsNoTracking().GroupBy(f => f.LocationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var places = await db.Locations.AsNoTracking().OrderBy(l => l.Name).ToListAsync(cancellationToken);
        var byParent = places.ToLookup(l => l.ParentId);
        var result = new List<ReferenceRow>();
        void Walk(int? parentId, string path, int depth)
        {
            foreach (var l in byParent[parentId])
            {
                result.Add(new ReferenceRow(l.Id, l.Code, l.Name, FileText(l.Level), l.PCode ?? "", counts.GetValueOrDefault(l.Id), l.RetiredAtUtc is not null, path, depth));
                Walk(l.Id, path.Length == 0 ? l.Name : path + " > " + l.Name, depth + 1);
            }
        }

        Walk(null, "", 0);
        return result;
    }

    public async Task<ReferenceForEdit<MetricInput>?> LoadMetricAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var m = await db.Metrics.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (m is null)
        {
            return null;
        }

        var input = new MetricInput { Code = m.Code, Name = m.Name, Kind = m.Kind, Units = [.. m.Units], Definition = m.Description, HxlHashtag = m.HxlHashtag };
        var figures = await db.Figures.CountAsync(f => f.MetricId == id, cancellationToken);
        return new(m.Id, m.Version, input, figures, m.RetiredAtUtc, m.RetiredBy, m.UpdatedBy, m.UpdatedAtUtc);
    }

    public async Task<ReferenceForEdit<UnitInput>?> LoadUnitAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var u = await db.Units.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (u is null)
        {
            return null;
        }

        var input = new UnitInput { Code = u.Code, Name = u.Name, Kind = u.Kind, Decimals = u.Decimals, Currency = u.Currency };
        var figures = await db.Figures.CountAsync(f => f.UnitCode == u.Code, cancellationToken);
        return new(u.Id, u.Version, input, figures, u.RetiredAtUtc, u.RetiredBy, u.UpdatedBy, u.UpdatedAtUtc);
    }

    public async Task<ReferenceForEdit<LocationInput>?> LoadLocationAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var l = await db.Locations.AsNoTracking().Include(x => x.Parent).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (l is null)
        {
            return null;
        }

        var input = new LocationInput { Code = l.Code, Name = l.Name, Level = l.Level, ParentCode = l.Parent?.Code, PCode = l.PCode, NameHy = l.NameHy, NameRu = l.NameRu };
        var figures = await db.Figures.CountAsync(f => f.LocationId == id, cancellationToken);
        return new(l.Id, l.Version, input, figures, l.RetiredAtUtc, l.RetiredBy, l.UpdatedBy, l.UpdatedAtUtc);
    }

    /// <summary>Every revision of one metric ("metric"), unit ("unit", by <see cref="Unit.Id"/>) or place ("location"), oldest first.</summary>
    public async Task<IReadOnlyList<ReferenceRevisionRow>> HistoryAsync(string entityType, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Revisions.AsNoTracking().Where(r => r.EntityType == entityType && r.EntityId == id).OrderBy(r => r.Number)
            .Select(r => new ReferenceRevisionRow(r.Number, r.Kind, r.AtUtc, r.UserName, r.Reason, r.OldValues, r.NewValues)).ToListAsync(cancellationToken);
    }

    // ---- metrics ----

    public async Task<EditResult> CreateMetricAsync(ClaimsPrincipal user, MetricInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var errors = await ValidateMetricAsync(db, input, null, cancellationToken);
        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var now = Now();
        var metric = new Metric { Code = input.Code.Trim(), Name = input.Name.Trim(), UpdatedAtUtc = now, UpdatedBy = userName };
        Apply(metric, input);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Metrics.Add(metric);
        await db.SaveChangesAsync(cancellationToken);
        db.Revisions.Add(RevisionLog.Create(RevisionLog.MetricType, metric.Id, 1, RevisionKind.Created, userName, now, null, MetricSnapshot.Of(metric)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await notifier.NotifyAsync();
        return new EditResult(EditStatus.Saved, metric.Id, metric.Version);
    }

    public async Task<EditResult> CorrectMetricAsync(ClaimsPrincipal user, int id, int expectedVersion, MetricInput input, string? reason, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var metric = await db.Metrics.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (metric is null)
        {
            return new EditResult(EditStatus.NotFound);
        }

        var errors = await ValidateMetricAsync(db, input, metric, cancellationToken);
        AddReasonError(errors, reason, "Say why the metric is corrected.");
        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var before = MetricSnapshot.Of(metric);
        metric.Code = input.Code.Trim();
        metric.Name = input.Name.Trim();
        Apply(metric, input);
        return await SaveAsync(db, metric, expectedVersion, RevisionLog.MetricType, id, RevisionKind.Corrected, userName, before, () => MetricSnapshot.Of(metric), reason!, MetricConflictAsync, cancellationToken);
    }

    public Task<EditResult> RetireMetricAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, CancellationToken cancellationToken = default) =>
        SetMetricRetiredAsync(user, id, expectedVersion, reason, true, cancellationToken);

    public Task<EditResult> RestoreMetricAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, CancellationToken cancellationToken = default) =>
        SetMetricRetiredAsync(user, id, expectedVersion, reason, false, cancellationToken);

    private async Task<EditResult> SetMetricRetiredAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, bool retire, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Admin, cancellationToken);
        var metric = await db.Metrics.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (metric is null)
        {
            return new EditResult(EditStatus.NotFound);
        }

        if (RetireErrors(metric.RetiredAtUtc, reason, retire, "metric") is { Count: > 0 } errors)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var before = MetricSnapshot.Of(metric);
        (metric.RetiredAtUtc, metric.RetiredBy) = retire ? (Now(), userName) : ((DateTime?)null, (string?)null);
        return await SaveAsync(db, metric, expectedVersion, RevisionLog.MetricType, id, retire ? RevisionKind.Retired : RevisionKind.Restored, userName, before, () => MetricSnapshot.Of(metric), reason!, MetricConflictAsync, cancellationToken);
    }

    private static void Apply(Metric metric, MetricInput input)
    {
        metric.Kind = input.Kind;
        metric.Units = input.Units.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        metric.Description = Blank(input.Definition);
        metric.HxlHashtag = Blank(input.HxlHashtag);
    }

    /// <summary>The metric form's checks; <paramref name="current"/> is the stored metric when it is corrected.</summary>
    private static async Task<List<FieldError>> ValidateMetricAsync(DashboardDbContext db, MetricInput input, Metric? current, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var code = input.Code.Trim();
        if (code.Length == 0)
        {
            errors.Add(new FieldError(nameof(MetricInput.Code), "Give the metric a code (lower case, words joined by _, such as collective_centres)."));
        }
        else if (code.Length > 80 || !ReferenceRules.IsMetricCode(code))
        {
            errors.Add(new FieldError(nameof(MetricInput.Code), $"'{code}' is not a metric code: lower case letters and digits, words joined by _, at most 80 characters."));
        }
        else if (await db.Metrics.AnyAsync(m => m.Code == code && (current == null || m.Id != current.Id), cancellationToken))
        {
            errors.Add(new FieldError(nameof(MetricInput.Code), $"Another metric already has the code '{code}'."));
        }

        var figures = current is null ? 0 : await db.Figures.CountAsync(f => f.MetricId == current.Id, cancellationToken);
        if (current is not null && code != current.Code && figures > 0)
        {
            errors.Add(new FieldError(nameof(MetricInput.Code), $"The code '{current.Code}' cannot change: {Figures(figures)} use it. Correct the name instead, or retire the metric and add a new one."));
        }

        CheckName(errors, nameof(MetricInput.Name), input.Name, 200, "Give the metric a name.");
        if (input.Definition is { Length: > 1000 })
        {
            errors.Add(new FieldError(nameof(MetricInput.Definition), "Keep the definition under 1000 characters."));
        }

        if (Blank(input.HxlHashtag) is { } tag && (tag.Length > 200 || !ReferenceRules.IsHxlHashtag(tag)))
        {
            errors.Add(new FieldError(nameof(MetricInput.HxlHashtag), $"'{tag}' is not an HXL hashtag: # and a lower case tag, then +attributes (#affected+refugees+arrived)."));
        }

        var codes = input.Units.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0)
        {
            errors.Add(new FieldError(nameof(MetricInput.Units), "Choose at least one unit a figure of this metric may use."));
        }

        var units = await db.Units.AsNoTracking().Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        var wanted = ReferenceRules.AllowedUnitKind(input.Kind);
        foreach (var unitCode in codes)
        {
            if (!units.TryGetValue(unitCode, out var unit))
            {
                errors.Add(new FieldError(nameof(MetricInput.Units), $"Unknown unit '{unitCode}'."));
            }
            else if (unit.Kind != wanted)
            {
                errors.Add(new FieldError(nameof(MetricInput.Units), $"'{unit.Name}' is a {FileText(unit.Kind)} unit; a {FileText(input.Kind)} metric uses {FileText(wanted)} units."));
            }
            else if (unit.RetiredAtUtc is not null && current?.Units.Contains(unitCode) != true)
            {
                errors.Add(new FieldError(nameof(MetricInput.Units), $"The unit '{unit.Name}' is retired; choose another."));
            }
        }

        if (current is not null && figures > 0)
        {
            foreach (var dropped in current.Units.Except(codes))
            {
                var using_ = await db.Figures.CountAsync(f => f.MetricId == current.Id && f.UnitCode == dropped, cancellationToken);
                if (using_ > 0)
                {
                    errors.Add(new FieldError(nameof(MetricInput.Units), $"'{dropped}' stays: {Figures(using_)} of this metric are in it."));
                }
            }
        }

        return errors;
    }

    private async Task<ConflictInfo> MetricConflictAsync(int id, CancellationToken cancellationToken)
    {
        await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
        var m = await fresh.Metrics.AsNoTracking().SingleAsync(x => x.Id == id, cancellationToken);
        return new ConflictInfo(m.Name + " (" + m.Code + ")" + (m.RetiredAtUtc is null ? "" : ", retired"), m.UpdatedBy, m.UpdatedAtUtc, m.Version);
    }

    // ---- units ----

    public async Task<EditResult> CreateUnitAsync(ClaimsPrincipal user, UnitInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var errors = await ValidateUnitAsync(db, input, null, cancellationToken);
        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var now = Now();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var id = (await db.Units.MaxAsync(u => (int?)u.Id, cancellationToken) ?? 0) + 1;
        var unit = new Unit { Id = id, Code = input.Code.Trim(), Name = input.Name.Trim(), UpdatedAtUtc = now, UpdatedBy = userName };
        Apply(unit, input);
        db.Units.Add(unit);
        db.Revisions.Add(RevisionLog.Create(RevisionLog.UnitType, id, 1, RevisionKind.Created, userName, now, null, UnitSnapshot.Of(unit)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two units added at the same moment drew the same number (or code): the second is refused, nothing written.
            return EditResult.Invalid(new FieldError(nameof(UnitInput.Code), "Another unit was added at the same moment; save again."));
        }

        await transaction.CommitAsync(cancellationToken);
        await notifier.NotifyAsync();
        return new EditResult(EditStatus.Saved, id, unit.Version);
    }

    /// <summary>
    /// Corrects a unit. Its code is its key: a new code (allowed while no figure or metric uses it) replaces the row,
    /// keeping its <see cref="Unit.Id"/> and history.
    /// </summary>
    public async Task<EditResult> CorrectUnitAsync(ClaimsPrincipal user, int id, int expectedVersion, UnitInput input, string? reason, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var unit = await db.Units.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (unit is null)
        {
            return new EditResult(EditStatus.NotFound);
        }

        var errors = await ValidateUnitAsync(db, input, unit, cancellationToken);
        AddReasonError(errors, reason, "Say why the unit is corrected.");
        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var before = UnitSnapshot.Of(unit);
        var code = input.Code.Trim();
        if (code != unit.Code)
        {
            if (unit.Version != expectedVersion)
            {
                return new EditResult(EditStatus.Conflict, id, Conflict: await UnitConflictAsync(id, cancellationToken));
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Units.Remove(unit);
            await db.SaveChangesAsync(cancellationToken);
            var replacement = new Unit
            {
                Id = id, Code = code, Name = input.Name.Trim(), RetiredAtUtc = unit.RetiredAtUtc, RetiredBy = unit.RetiredBy,
                Version = expectedVersion, UpdatedAtUtc = unit.UpdatedAtUtc, UpdatedBy = unit.UpdatedBy,
            };
            Apply(replacement, input);
            db.Units.Add(replacement);
            await db.SaveChangesAsync(cancellationToken);
            return await SaveAsync(db, replacement, expectedVersion, RevisionLog.UnitType, id, RevisionKind.Corrected, userName, before, () => UnitSnapshot.Of(replacement), reason!, UnitConflictAsync, cancellationToken, transaction);
        }

        unit.Name = input.Name.Trim();
        Apply(unit, input);
        return await SaveAsync(db, unit, expectedVersion, RevisionLog.UnitType, id, RevisionKind.Corrected, userName, before, () => UnitSnapshot.Of(unit), reason!, UnitConflictAsync, cancellationToken);
    }

    public Task<EditResult> RetireUnitAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, CancellationToken cancellationToken = default) =>
        SetUnitRetiredAsync(user, id, expectedVersion, reason, true, cancellationToken);

    public Task<EditResult> RestoreUnitAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, CancellationToken cancellationToken = default) =>
        SetUnitRetiredAsync(user, id, expectedVersion, reason, false, cancellationToken);

    private async Task<EditResult> SetUnitRetiredAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, bool retire, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Admin, cancellationToken);
        var unit = await db.Units.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (unit is null)
        {
            return new EditResult(EditStatus.NotFound);
        }

        if (RetireErrors(unit.RetiredAtUtc, reason, retire, "unit") is { Count: > 0 } errors)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var before = UnitSnapshot.Of(unit);
        (unit.RetiredAtUtc, unit.RetiredBy) = retire ? (Now(), userName) : ((DateTime?)null, (string?)null);
        return await SaveAsync(db, unit, expectedVersion, RevisionLog.UnitType, id, retire ? RevisionKind.Retired : RevisionKind.Restored, userName, before, () => UnitSnapshot.Of(unit), reason!, UnitConflictAsync, cancellationToken);
    }

    private static void Apply(Unit unit, UnitInput input)
    {
        unit.Kind = input.Kind;
        unit.Decimals = input.Decimals;
        unit.Currency = input.Kind == UnitKind.Money ? Blank(input.Currency)?.ToUpperInvariant() : null;
    }

    private static async Task<List<FieldError>> ValidateUnitAsync(DashboardDbContext db, UnitInput input, Unit? current, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var code = input.Code.Trim();
        if (code.Length == 0)
        {
            errors.Add(new FieldError(nameof(UnitInput.Code), "Give the unit a code (letters, digits and _, such as centres or USD)."));
        }
        else if (code.Length > 20 || !ReferenceRules.IsUnitCode(code))
        {
            errors.Add(new FieldError(nameof(UnitInput.Code), $"'{code}' is not a unit code: a letter, then letters, digits or _, at most 20 characters."));
        }
        else if (await db.Units.AnyAsync(u => u.Code == code && (current == null || u.Id != current.Id), cancellationToken))
        {
            errors.Add(new FieldError(nameof(UnitInput.Code), $"Another unit already has the code '{code}'."));
        }

        var figures = current is null ? 0 : await db.Figures.CountAsync(f => f.UnitCode == current.Code, cancellationToken);
        if (current is not null && code != current.Code)
        {
            if (figures > 0)
            {
                errors.Add(new FieldError(nameof(UnitInput.Code), $"The code '{current.Code}' cannot change: {Figures(figures)} use it."));
            }
            else if (await db.Metrics.AsNoTracking().Select(m => new { m.Code, m.Units }).ToListAsync(cancellationToken) is var metrics
                && metrics.Where(m => m.Units.Contains(current.Code)).Select(m => m.Code).ToList() is { Count: > 0 } listing)
            {
                errors.Add(new FieldError(nameof(UnitInput.Code), $"The code '{current.Code}' cannot change: the metrics {string.Join(", ", listing)} allow it."));
            }
        }

        CheckName(errors, nameof(UnitInput.Name), input.Name, 100, "Give the unit a name.");
        if (input.Decimals is < 0 or > 6)
        {
            errors.Add(new FieldError(nameof(UnitInput.Decimals), "Decimals are a whole number from 0 to 6 (counts 0, percent 1, money 2)."));
        }

        if (ReferenceRules.CheckCurrency(input.Kind, Blank(input.Currency)?.ToUpperInvariant()) is { } currencyError)
        {
            errors.Add(new FieldError(nameof(UnitInput.Currency), currencyError));
        }

        if (current is not null && figures > 0)
        {
            // Stored values are whole multiples of 10^-decimals in the unit's kind and currency: changing those would change every figure.
            if (input.Kind != current.Kind)
            {
                errors.Add(new FieldError(nameof(UnitInput.Kind), $"The kind cannot change: {Figures(figures)} use this unit."));
            }

            if (input.Decimals != current.Decimals)
            {
                errors.Add(new FieldError(nameof(UnitInput.Decimals), $"The decimals cannot change: {Figures(figures)} are stored in them."));
            }

            if (input.Kind == UnitKind.Money && !string.Equals(Blank(input.Currency)?.ToUpperInvariant(), current.Currency, StringComparison.Ordinal))
            {
                errors.Add(new FieldError(nameof(UnitInput.Currency), $"The currency cannot change: {Figures(figures)} use this unit."));
            }
        }

        return errors;
    }

    private async Task<ConflictInfo> UnitConflictAsync(int id, CancellationToken cancellationToken)
    {
        await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
        var u = await fresh.Units.AsNoTracking().SingleAsync(x => x.Id == id, cancellationToken);
        return new ConflictInfo(u.Name + " (" + u.Code + ")" + (u.RetiredAtUtc is null ? "" : ", retired"), u.UpdatedBy, u.UpdatedAtUtc, u.Version);
    }

    // ---- places ----

    public async Task<EditResult> CreateLocationAsync(ClaimsPrincipal user, LocationInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var (errors, parent) = await ValidateLocationAsync(db, input, null, cancellationToken);
        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var now = Now();
        var location = new Location { Code = input.Code.Trim(), Name = input.Name.Trim(), UpdatedAtUtc = now, UpdatedBy = userName };
        Apply(location, input, parent);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Locations.Add(location);
        await db.SaveChangesAsync(cancellationToken);
        db.Revisions.Add(RevisionLog.Create(RevisionLog.LocationType, location.Id, 1, RevisionKind.Created, userName, now, null, LocationSnapshot.Of(location, parent?.Code)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await notifier.NotifyAsync();
        return new EditResult(EditStatus.Saved, location.Id, location.Version);
    }

    public async Task<EditResult> CorrectLocationAsync(ClaimsPrincipal user, int id, int expectedVersion, LocationInput input, string? reason, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, cancellationToken);
        var location = await db.Locations.Include(l => l.Parent).SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (location is null)
        {
            return new EditResult(EditStatus.NotFound);
        }

        var (errors, parent) = await ValidateLocationAsync(db, input, location, cancellationToken);
        AddReasonError(errors, reason, "Say why the place is corrected.");
        if (errors.Count > 0)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var before = LocationSnapshot.Of(location, location.Parent?.Code);
        location.Code = input.Code.Trim();
        location.Name = input.Name.Trim();
        Apply(location, input, parent);
        return await SaveAsync(db, location, expectedVersion, RevisionLog.LocationType, id, RevisionKind.Corrected, userName, before, () => LocationSnapshot.Of(location, parent?.Code), reason!, LocationConflictAsync, cancellationToken);
    }

    public Task<EditResult> RetireLocationAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, CancellationToken cancellationToken = default) =>
        SetLocationRetiredAsync(user, id, expectedVersion, reason, true, cancellationToken);

    public Task<EditResult> RestoreLocationAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, CancellationToken cancellationToken = default) =>
        SetLocationRetiredAsync(user, id, expectedVersion, reason, false, cancellationToken);

    private async Task<EditResult> SetLocationRetiredAsync(ClaimsPrincipal user, int id, int expectedVersion, string? reason, bool retire, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userName = await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Admin, cancellationToken);
        var location = await db.Locations.Include(l => l.Parent).SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (location is null)
        {
            return new EditResult(EditStatus.NotFound);
        }

        if (RetireErrors(location.RetiredAtUtc, reason, retire, "place") is { Count: > 0 } errors)
        {
            return new EditResult(EditStatus.Invalid, Errors: errors);
        }

        var before = LocationSnapshot.Of(location, location.Parent?.Code);
        (location.RetiredAtUtc, location.RetiredBy) = retire ? (Now(), userName) : ((DateTime?)null, (string?)null);
        return await SaveAsync(db, location, expectedVersion, RevisionLog.LocationType, id, retire ? RevisionKind.Retired : RevisionKind.Restored, userName, before, () => LocationSnapshot.Of(location, location.Parent?.Code), reason!, LocationConflictAsync, cancellationToken);
    }

    private static void Apply(Location location, LocationInput input, Location? parent)
    {
        location.Level = input.Level;
        location.ParentId = parent?.Id;
        location.Parent = parent;
        location.PCode = Blank(input.PCode)?.ToUpperInvariant();
        location.NameHy = Blank(input.NameHy);
        location.NameRu = Blank(input.NameRu);
    }

    private static async Task<(List<FieldError> Errors, Location? Parent)> ValidateLocationAsync(DashboardDbContext db, LocationInput input, Location? current, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var code = input.Code.Trim();
        if (code.Length == 0)
        {
            errors.Add(new FieldError(nameof(LocationInput.Code), "Give the place a code (capitals and digits in parts joined by -, such as AM-SU-KAPAN)."));
        }
        else if (code.Length > 40 || !ReferenceRules.IsLocationCode(code))
        {
            errors.Add(new FieldError(nameof(LocationInput.Code), $"'{code}' is not a place code: capital letters and digits in parts joined by -, at most 40 characters."));
        }
        else if (await db.Locations.AnyAsync(l => l.Code == code && (current == null || l.Id != current.Id), cancellationToken))
        {
            errors.Add(new FieldError(nameof(LocationInput.Code), $"Another place already has the code '{code}'."));
        }

        if (current is not null && code != current.Code && await db.Figures.CountAsync(f => f.LocationId == current.Id, cancellationToken) is > 0 and var figures)
        {
            errors.Add(new FieldError(nameof(LocationInput.Code), $"The code '{current.Code}' cannot change: {Figures(figures)} use it."));
        }

        CheckName(errors, nameof(LocationInput.Name), input.Name, 200, "Give the place a name.");
        foreach (var (field, message) in ReferenceRules.CheckPlaceNames(input.NameHy, input.NameRu))
        {
            errors.Add(new FieldError(field, message));
        }

        foreach (var (field, text) in new[] { (nameof(LocationInput.NameHy), input.NameHy), (nameof(LocationInput.NameRu), input.NameRu) })
        {
            if (Blank(text) is { Length: > 200 })
            {
                errors.Add(new FieldError(field, "At most 200 characters."));
            }
        }

        if (Blank(input.PCode) is { } pcode && (pcode.Length > 40 || !ReferenceRules.IsPCode(pcode.ToUpperInvariant())))
        {
            errors.Add(new FieldError(nameof(LocationInput.PCode), $"'{pcode}' is not a P-code: two letters, then letters and digits (leave it empty when no source gives one)."));
        }

        Location? parent = null;
        if (Blank(input.ParentCode) is { } parentCode)
        {
            parent = await db.Locations.SingleOrDefaultAsync(l => l.Code == parentCode, cancellationToken);
            if (parent is null)
            {
                errors.Add(new FieldError(nameof(LocationInput.ParentCode), $"Unknown place '{parentCode}'."));
            }
            else if (ReferenceRules.Rank(parent.Level) >= ReferenceRules.Rank(input.Level))
            {
                errors.Add(new FieldError(nameof(LocationInput.ParentCode), $"A {FileText(input.Level)} cannot lie in a {FileText(parent.Level)}: the order is country > adm1 > place > site."));
            }
            else if (current is not null && await IsWithinAsync(db, parent, current.Id, cancellationToken))
            {
                errors.Add(new FieldError(nameof(LocationInput.ParentCode), $"'{parent.Name}' lies inside '{current.Name}'; a place cannot lie in itself."));
            }
            else if (parent.RetiredAtUtc is not null && parent.Id != current?.ParentId)
            {
                errors.Add(new FieldError(nameof(LocationInput.ParentCode), $"The place '{parent.Name}' is retired; choose another."));
            }
        }
        else if (input.Level is not (LocationLevel.Country or LocationLevel.Region))
        {
            errors.Add(new FieldError(nameof(LocationInput.ParentCode), $"A {FileText(input.Level)} lies in another place: choose its parent."));
        }

        if (current is not null && input.Level != current.Level)
        {
            var children = await db.Locations.AsNoTracking().Where(l => l.ParentId == current.Id).Select(l => l.Level).ToListAsync(cancellationToken);
            if (children.Any(c => ReferenceRules.Rank(c) <= ReferenceRules.Rank(input.Level)))
            {
                errors.Add(new FieldError(nameof(LocationInput.Level), $"The places inside '{current.Name}' must stay below it: a {FileText(input.Level)} cannot hold them."));
            }
        }

        return (errors, parent);
    }

    /// <summary>True when <paramref name="place"/> is the place <paramref name="id"/> or lies inside it.</summary>
    private static async Task<bool> IsWithinAsync(DashboardDbContext db, Location place, int id, CancellationToken cancellationToken)
    {
        var parents = await db.Locations.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.ParentId, cancellationToken);
        var seen = new HashSet<int>();
        for (int? at = place.Id; at is { } current && seen.Add(current); at = parents.GetValueOrDefault(current))
        {
            if (current == id)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<ConflictInfo> LocationConflictAsync(int id, CancellationToken cancellationToken)
    {
        await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
        var l = await fresh.Locations.AsNoTracking().SingleAsync(x => x.Id == id, cancellationToken);
        return new ConflictInfo(l.Name + " (" + l.Code + ")" + (l.RetiredAtUtc is null ? "" : ", retired"), l.UpdatedBy, l.UpdatedAtUtc, l.Version);
    }

    // ---- shared ----

    /// <summary>Bumps the version, records the revision and saves both at once; a stale version is refused with who saved first.</summary>
    private async Task<EditResult> SaveAsync<T>(
        DashboardDbContext db,
        T entity,
        int expectedVersion,
        string entityType,
        int id,
        RevisionKind kind,
        string userName,
        object before,
        Func<object> after,
        string reason,
        Func<int, CancellationToken, Task<ConflictInfo>> conflict,
        CancellationToken cancellationToken,
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? transaction = null)
        where T : class
    {
        var now = Now();
        var entry = db.Entry(entity);
        entry.Property<int>("Version").OriginalValue = expectedVersion;
        entry.Property<int>("Version").CurrentValue = expectedVersion + 1;
        entry.Property<DateTime>("UpdatedAtUtc").CurrentValue = now;
        entry.Property<string>("UpdatedBy").CurrentValue = userName;
        db.Revisions.Add(RevisionLog.Create(entityType, id, expectedVersion + 1, kind, userName, now, before, after(), reason.Trim()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateException ex) when (SaveConflicts.IsLostRace(ex))
        {
            if (transaction is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
            }

            return new EditResult(EditStatus.Conflict, id, Conflict: await conflict(id, cancellationToken));
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }

        await notifier.NotifyAsync();
        return new EditResult(EditStatus.Saved, id, expectedVersion + 1);
    }

    private static List<FieldError> RetireErrors(DateTime? retiredAt, string? reason, bool retire, string what)
    {
        var errors = new List<FieldError>();
        if (retire && retiredAt is not null)
        {
            errors.Add(new FieldError("Retired", $"This {what} is already retired."));
        }
        else if (!retire && retiredAt is null)
        {
            errors.Add(new FieldError("Retired", $"This {what} is not retired."));
        }

        AddReasonError(errors, reason, retire ? $"Say why the {what} is retired." : $"Say why the {what} is restored.");
        return errors;
    }

    private static void AddReasonError(List<FieldError> errors, string? reason, string message)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new FieldError(nameof(reason), message));
        }
        else if (reason.Length > 1000)
        {
            errors.Add(new FieldError(nameof(reason), "Keep the reason under 1000 characters."));
        }
    }

    private static void CheckName(List<FieldError> errors, string field, string? name, int max, string missing)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new FieldError(field, missing));
        }
        else if (name.Trim().Length > max)
        {
            errors.Add(new FieldError(field, $"Keep the name under {max.ToString(CultureInfo.InvariantCulture)} characters."));
        }
    }

    private static string Figures(int count) => count == 1 ? "1 figure" : count.ToString(CultureInfo.InvariantCulture) + " figures";

    private static string Decimals(int count) => count == 1 ? "1 decimal" : count.ToString(CultureInfo.InvariantCulture) + " decimals";

    private static string FileText<TEnum>(TEnum value) where TEnum : struct, Enum => SeedReader.ToFileText(value.ToString());

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
