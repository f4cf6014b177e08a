using DisplacementDashboard.Core.Csv;
using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// "Checked by a second person" (<see cref="FigureVerifier"/>) on a store of its own with a clock the test moves: who
/// may verify, what the verification writes, and what clears it.
/// </summary>
public abstract class FigureVerificationTestsBase : IAsyncLifetime
{
    /// <summary>The store's provider.</summary>
    protected abstract DatabaseProvider Provider { get; }

    private static readonly SeedData Reference = new SeedReader().ReadDirectory(Path.Combine(AppContext.BaseDirectory, "seed"));

    // After the store's set-up (its sources' revisions carry the real time), so an instant read back includes them.
    private readonly TestClock _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero));
    private IsolatedStore _store = null!;

    private FigureEditor Editor => new(_store, Options.Create(new EditingOptions()), _clock, new FigureChangeNotifier(), new Plausibility(Options.Create(new EditingOptions())));

    private FigureVerifier Verifier => new(_store, _clock, new FigureChangeNotifier());

    /// <summary>The store's first editor ("editor").</summary>
    private static ClaimsPrincipal First => IsolatedStore.Editor;

    /// <summary>A second editor ("checker").</summary>
    private static readonly ClaimsPrincipal Second = Principal("checker", "stamp-checker", StaffRoles.Editor);

    /// <summary>A third editor ("third").</summary>
    private static readonly ClaimsPrincipal Third = Principal("third", "stamp-third", StaffRoles.Editor);

    /// <summary>An account without a role ("reader").</summary>
    private static readonly ClaimsPrincipal Reader = Principal("reader", "stamp-reader");

    public async Task InitializeAsync()
    {
        var sources = Reference.Sources.Take(1).ToList();
        _store = await IsolatedStore.CreateAsync(Reference, sources, [], provider: Provider);
        await using var db = _store.CreateDbContext();
        var editorRole = await db.Roles.SingleAsync(r => r.Name == StaffRoles.Editor);
        foreach (var (name, stamp, editor) in new[] { ("checker", "stamp-checker", true), ("third", "stamp-third", true), ("reader", "stamp-reader", false) })
        {
            var user = db.Users.Add(new StaffUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), SecurityStamp = stamp }).Entity;
            if (editor)
            {
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = editorRole.Id });
            }
        }

        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static ClaimsPrincipal Principal(string name, string stamp, params string[] roles) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r)), new Claim(StaffAuthorization.SecurityStampClaimType, stamp)], "Test"));

    private async Task<FigureInput> InputAsync(string value)
    {
        await using var db = _store.CreateDbContext();
        return new FigureInput
        {
            MetricCode = WellKnown.CumulativeArrivals,
            LocationCode = WellKnown.Armenia,
            UnitCode = WellKnown.People,
            Date = new DateOnly(2023, 9, 28),
            ValueText = value,
            SourceId = await db.Sources.Select(s => s.Id).FirstAsync(),
            WarningReason = "test figure",
        };
    }

    /// <summary>A figure entered by <paramref name="by"/> through the form's service, a minute later than the last change.</summary>
    private async Task<int> CreateAsync(ClaimsPrincipal by, string value = "50243")
    {
        _clock.Advance(TimeSpan.FromMinutes(1));
        var created = await Editor.CreateAsync(by, await InputAsync(value), confirmDuplicate: false);
        Assert.True(created.Status == EditStatus.Saved, $"{created.Status}: {string.Join("; ", created.FieldErrors.Select(e => e.Message))}");
        return created.Id!.Value;
    }

    private async Task<EditResult> VerifyAsync(ClaimsPrincipal by, int id, int version, string? what = "checked against the source's page 3")
    {
        _clock.Advance(TimeSpan.FromMinutes(1));
        return await Verifier.VerifyAsync(by, id, version, what);
    }

    private async Task<(int Version, DateTime? At, string? By, int Revisions)> StateAsync(int id)
    {
        await using var db = _store.CreateDbContext();
        var figure = await db.Figures.AsNoTracking().SingleAsync(f => f.Id == id);
        var revisions = await db.Revisions.CountAsync(r => r.EntityType == RevisionLog.FigureType && r.EntityId == id);
        return (figure.Version, figure.VerifiedAtUtc, figure.VerifiedBy, revisions);
    }

    [Fact]
    public async Task Verify_ByASecondEditor_IsSaved_WithAVerifiedRevision_WhoWhenAndWhatWasChecked()
    {
        var id = await CreateAsync(First);

        var result = await VerifyAsync(Second, id, 1, "  checked against the source's page 3 ");

        Assert.Equal((EditStatus.Saved, 2), (result.Status, result.Version));
        Assert.Equal((2, _clock.UtcNow, "checker", 2), await StateAsync(id));
        var last = (await new HistoryQueries(_store).GetFigureHistoryAsync(id)).Revisions[^1];
        Assert.Equal((2, RevisionKind.Verified, "checker", _clock.UtcNow, "checked against the source's page 3"), (last.Number, last.Kind, last.UserName, last.AtUtc, last.Reason));
        // A check changes nothing in the figure: the snapshot before and after is the same, and the value stays.
        Assert.Equal(last.Before, last.After);
        Assert.Empty(FigureChanges.Between(last.Before, last.After));
        Assert.Equal(50243, last.After.Value);
    }

    [Fact]
    public async Task Verify_AFigureTheEditorEntered_IsRefusedWithAClearMessage_AndWritesNothing()
    {
        var id = await CreateAsync(First);

        var result = await VerifyAsync(First, id, 1);

        Assert.Equal(EditStatus.Invalid, result.Status);
        Assert.Equal(FigureVerifier.CheckedField, Assert.Single(result.FieldErrors).Field);
        Assert.Contains("You entered this figure", result.FieldErrors[0].Message, StringComparison.Ordinal);
        Assert.Equal((1, null, null, 1), await StateAsync(id));
    }

    [Fact]
    public async Task Verify_AFigureTheEditorLastChanged_IsRefused_ButAThirdEditorMayVerifyIt()
    {
        var id = await CreateAsync(First);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var input = await InputAsync("50300");
        Assert.Equal(EditStatus.Saved, (await Editor.CorrectAsync(Second, id, 1, input, "the source revised it", confirmDuplicate: false)).Status);

        var bySecond = await VerifyAsync(Second, id, 2);
        var byFirst = await VerifyAsync(First, id, 2);

        Assert.Equal(EditStatus.Invalid, bySecond.Status);
        Assert.Contains("You made the latest change", bySecond.FieldErrors.Single().Message, StringComparison.Ordinal);
        // The creator stays refused after someone else's correction: they entered it.
        Assert.Equal(EditStatus.Invalid, byFirst.Status);
        Assert.Equal((2, null, null, 2), await StateAsync(id));
        Assert.Equal(EditStatus.Saved, (await VerifyAsync(Third, id, 2)).Status);
        Assert.Equal((3, _clock.UtcNow, "third", 3), await StateAsync(id));
    }

    [Fact]
    public async Task Verify_ByAnAccountThatIsNotAnEditor_IsRefused_AndWritesNothing()
    {
        var id = await CreateAsync(First);

        await Assert.ThrowsAsync<NotAuthorizedException>(() => VerifyAsync(Reader, id, 1));
        // A session that claims the role the store does not give the account is refused by the store's check.
        await Assert.ThrowsAsync<NotAuthorizedException>(() => VerifyAsync(Principal("reader", "stamp-reader", StaffRoles.Editor), id, 1));
        await Assert.ThrowsAsync<NotAuthorizedException>(() => VerifyAsync(Staff.Anonymous, id, 1));

        Assert.Equal((1, null, null, 1), await StateAsync(id));
    }

    [Fact]
    public async Task Verify_WithoutSayingWhatWasChecked_IsInvalid_AndWritesNothing()
    {
        var id = await CreateAsync(First);

        var result = await VerifyAsync(Second, id, 1, "   ");

        Assert.Equal(EditStatus.Invalid, result.Status);
        Assert.Equal(FigureVerifier.CheckedField, result.FieldErrors.Single().Field);
        Assert.Equal((1, null, null, 1), await StateAsync(id));
    }

    [Fact]
    public async Task Verify_WithAnOlderVersion_IsAConflict_ShowingTheStoredSave_AndWritesNothing()
    {
        var id = await CreateAsync(First);
        Assert.Equal(EditStatus.Saved, (await VerifyAsync(Second, id, 1)).Status);
        var verifiedAt = _clock.UtcNow;

        var late = await VerifyAsync(Third, id, 1, "checked the same report");

        Assert.Equal(EditStatus.Conflict, late.Status);
        Assert.Equal(("checker", verifiedAt, 2), (late.Conflict!.UpdatedBy, late.Conflict.UpdatedAtUtc, late.Conflict.CurrentVersion));
        Assert.Equal((2, verifiedAt, "checker", 2), await StateAsync(id));
    }

    [Fact]
    public async Task Verify_ARetractedFigure_IsRefused_AndWritesNothing()
    {
        var id = await CreateAsync(First);
        Assert.Equal(EditStatus.Saved, (await Editor.RetractAsync(First, id, 1, "duplicate")).Status);

        var result = await VerifyAsync(Second, id, 2);

        Assert.Equal(EditStatus.Invalid, result.Status);
        Assert.Contains("retracted", result.FieldErrors.Single().Message, StringComparison.Ordinal);
        Assert.Equal((2, null, null, 2), await StateAsync(id));
    }

    [Fact]
    public async Task Verification_IsCleared_ByACorrection_ARetraction_AndARestoration()
    {
        var corrected = await CreateAsync(First);
        var retracted = await CreateAsync(First, "50244");
        Assert.Equal(EditStatus.Saved, (await VerifyAsync(Second, corrected, 1)).Status);
        Assert.Equal(EditStatus.Saved, (await VerifyAsync(Second, retracted, 1)).Status);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(EditStatus.Saved, (await Editor.CorrectAsync(Third, corrected, 2, await InputAsync("50400"), "the source revised it", confirmDuplicate: false)).Status);
        Assert.Equal(EditStatus.Saved, (await Editor.RetractAsync(Third, retracted, 2, "duplicate")).Status);

        Assert.Equal((3, null, null, 3), await StateAsync(corrected));
        Assert.Equal((3, null, null, 3), await StateAsync(retracted));
        Assert.Equal(EditStatus.Saved, (await Editor.RestoreAsync(Third, retracted, 3, "not a duplicate after all")).Status);
        Assert.Equal(EditStatus.Saved, (await VerifyAsync(Second, retracted, 4)).Status);
        Assert.Equal(EditStatus.Saved, (await Editor.RetractAsync(Third, retracted, 5, "duplicate after all")).Status);
        Assert.Equal(EditStatus.Saved, (await Editor.RestoreAsync(Third, retracted, 6, "the ministry confirmed it")).Status);
        Assert.Equal((7, null, null, 7), await StateAsync(retracted));
    }

    [Fact]
    public async Task VerifiedOnly_ListsOnlyCheckedFigures_AndAtAnEarlierInstant_TheFigureIsUnverified()
    {
        var verified = await CreateAsync(First);
        var unverified = await CreateAsync(First, "50244");
        var beforeCheck = _clock.UtcNow;
        Assert.Equal(EditStatus.Saved, (await VerifyAsync(Second, verified, 1)).Status);
        var queries = new FigureQueries(_store);

        var page = await queries.GetPageAsync(new FigureFilter(VerifiedOnly: true), 0, 25, FigureSort.Date, descending: false);
        var all = await queries.GetPageAsync(new FigureFilter(), 0, 25, FigureSort.Date, descending: false);

        Assert.Equal([verified], page.Rows.Select(r => r.Id));
        Assert.Equal(1, page.Total);
        Assert.Equal([(verified, true), (unverified, false)], all.Rows.Select(r => (r.Id, r.Verified)).OrderBy(r => r.Id));
        var history = new HistoricalFigures(_store, _store.Reader);
        Assert.Empty((await history.GetPageAsync(beforeCheck, new FigureFilter(VerifiedOnly: true), 0, 25, FigureSort.Date, false)).Rows);
        Assert.Equal([verified], (await history.GetPageAsync(_clock.UtcNow, new FigureFilter(VerifiedOnly: true), 0, 25, FigureSort.Date, false)).Rows.Select(r => r.Id));
        Assert.Equal([(verified, true), (unverified, false)], (await FigureFiles.ReadStoreAsync(_store.Reader, new FigureRecordQuery())).Select(r => (r.FigureId, r.Verified)));
        Assert.Equal([(verified, false), (unverified, false)], (await FigureFiles.ReadStoreAsync(_store.Reader, new FigureRecordQuery(AsOfUtc: beforeCheck))).Select(r => (r.FigureId, r.Verified)));
    }

    [Fact]
    public async Task Export_EndsWithTheVerifiedColumn_AndReimportingIt_ChangesNothing_ItsVerifiedCellsAreIgnored()
    {
        var verified = await CreateAsync(First);
        var unverified = await CreateAsync(First, "50244");
        Assert.Equal(EditStatus.Saved, (await VerifyAsync(Second, verified, 1)).Status);
        using var export = new MemoryStream();
        await _store.Export.WriteFiguresCsvAsync(export, new FigureRecordQuery(), hxl: true);
        var lines = FigureFiles.Text(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(string.Join(",", FigureCsv.ExportColumns), lines[0]);
        Assert.EndsWith(",#status+verified", lines[1], StringComparison.Ordinal);
        Assert.Equal([",true", ",false"], lines.Skip(2).Select(l => l[l.LastIndexOf(',')..]));
        // A file that claims the unverified figure is verified: the column is output only, so nothing changes.
        var edited = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines[..^1].Append(lines[^1][..lines[^1].LastIndexOf(',')] + ",true")) + "\n");
        var before = (await StateAsync(verified), await StateAsync(unverified));

        var result = await _store.ImportAt(_clock).CommitAsync(FigureFiles.Stream(edited), "export.csv", Third, warningReason: "test figures");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((0, 0, 2), (result.Created, result.Updated, result.Unchanged));
        Assert.Equal(before, (await StateAsync(verified), await StateAsync(unverified)));
    }

    [Fact]
    public async Task Verification_IsCleared_ByAReimportThatChangesTheFigure_AndKeptByOneThatDoesNot()
    {
        var changed = await CreateAsync(First);
        var same = await CreateAsync(First, "50244");
        Assert.Equal(EditStatus.Saved, (await VerifyAsync(Second, changed, 1)).Status);
        Assert.Equal(EditStatus.Saved, (await VerifyAsync(Second, same, 1)).Status);
        var records = await FigureFiles.ReadStoreAsync(_store.Reader, new FigureRecordQuery());
        var file = await FigureFiles.WriteAsync(
        [
            records.Single(r => r.FigureId == changed) with { Value = 50400 },
            records.Single(r => r.FigureId == same),
        ]);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var result = await _store.ImportAt(_clock).CommitAsync(FigureFiles.Stream(file), "reimport.csv", Third, warningReason: "test figures");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((0, 1, 1), (result.Created, result.Updated, result.Unchanged));
        Assert.Equal((3, null, null, 3), await StateAsync(changed));
        Assert.Equal("checker", (await StateAsync(same)).By);
    }
}

public sealed class FigureVerificationTests : FigureVerificationTestsBase
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class FigureVerificationTestsOnPostgres : FigureVerificationTestsBase
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
