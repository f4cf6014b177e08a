using System.Data.Common;
using System.Globalization;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

public class EditingTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private FigureEditor Editor => factory.Services.GetRequiredService<FigureEditor>();

    private async Task<int> SourceIdAsync(string key)
    {
        await using var db = factory.CreateContext();
        return await db.Sources.Where(s => s.Key == key).Select(s => s.Id).SingleAsync();
    }

    private async Task<FigureInput> InputAsync(string value, string date = "2023-10-06", string? time = "09:00", string source = "S001") => new()
    {
        MetricCode = WellKnown.CumulativeArrivals,
        LocationCode = WellKnown.Armenia,
        UnitCode = WellKnown.People,
        Date = DateOnly.Parse(date, CultureInfo.InvariantCulture),
        Time = time is null ? null : TimeOnly.Parse(time, CultureInfo.InvariantCulture),
        ValueText = value,
        SourceId = await SourceIdAsync(source),
        // These tests are about saving, not plausibility (PlausibilityTests): their values sit among the seed's running
        // totals wherever the test needs them, so they are saved past any warning.
        WarningReason = "test figure",
    };

    [Fact]
    public async Task NoteOnlyCorrection_HistoryShowsTheNoteBeforeAndAfter_AndMarksOnlyTheNote()
    {
        var editor = await Staff.CreateAsync(factory.Services, "note@example.org", StaffRoles.Editor);
        var input = await InputAsync("100733", "2023-10-05");
        // A place no other test of this class writes to: the running-total check compares with earlier figures of the
        // same metric, place and source, and the class's tests share one store in whatever order they run.
        input.LocationCode = "AM-SH";
        input.Note = "as first reported";
        var created = await Editor.CreateAsync(editor, input, confirmDuplicate: false);
        Assert.True(created.Status == EditStatus.Saved, $"{created.Status}: {string.Join("; ", created.FieldErrors.Select(e => e.Field + ": " + e.Message))} {string.Join(",", created.DuplicateIds ?? [])}");
        var id = created.Id!.Value;
        input.Note = "the ministry's later wording";
        var corrected = await Editor.CorrectAsync(editor, id, 1, input, "note reworded", confirmDuplicate: false);
        Assert.Equal(EditStatus.Saved, corrected.Status);

        using var client = factory.CreateClient();
        var html = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/figures/{id}/history"));

        var marks = System.Text.RegularExpressions.Regex.Matches(html, "data-changed=\"(?<f>[^\"]+)\"").Select(m => m.Groups["f"].Value).ToList();
        Assert.Equal([FigureChanges.Note, FigureChanges.Note], marks); // before and after, nothing else marked
        Assert.Contains("note: as first reported", html, StringComparison.Ordinal);
        Assert.Contains("note: the ministry's later wording", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourcePhrase_IsStoredWithTheFigure_RecordedInItsRevisions_AndShownOnTimelineAndHistory()
    {
        var editor = await Staff.CreateAsync(factory.Services, "phrase@example.org", StaffRoles.Editor);
        var input = await InputAsync("100741", "2023-10-04", "10:00");
        input.SourcePhrase = "a total of 100,741 forcibly displaced persons";
        var created = await Editor.CreateAsync(editor, input, confirmDuplicate: false);
        Assert.Equal(EditStatus.Saved, created.Status);
        var id = created.Id!.Value;
        input.SourcePhrase = "100,741 forcibly displaced persons";
        Assert.Equal(EditStatus.Saved, (await Editor.CorrectAsync(editor, id, 1, input, "phrase shortened", confirmDuplicate: false)).Status);

        await using (var db = factory.CreateContext())
        {
            Assert.Equal("100,741 forcibly displaced persons", await db.Figures.Where(f => f.Id == id).Select(f => f.SourcePhrase).SingleAsync());
        }

        Assert.Equal("100,741 forcibly displaced persons", (await Editor.LoadAsync(id))!.Input.SourcePhrase);
        var history = (await factory.Services.GetRequiredService<HistoryQueries>().GetFigureHistoryAsync(id)).Revisions;
        Assert.Equal("a total of 100,741 forcibly displaced persons", history[0].After.SourcePhrase);
        Assert.Equal("100,741 forcibly displaced persons", history[1].After.SourcePhrase);

        using var client = factory.CreateClient();
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/figures/{id}/history"));
        Assert.Contains("phrase: \u201Ca total of 100,741 forcibly displaced persons\u201D", page, StringComparison.Ordinal);
        Assert.Contains("phrase: \u201C100,741 forcibly displaced persons\u201D", page, StringComparison.Ordinal);
        var marks = System.Text.RegularExpressions.Regex.Matches(page, "data-changed=\"(?<f>[^\"]+)\"").Select(m => m.Groups["f"].Value).ToList();
        Assert.Equal([FigureChanges.SourcePhrase, FigureChanges.SourcePhrase], marks);

        var timeline = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/timeline?from=2023-09-19&to=2023-10-31"));
        Assert.Matches($"data-figure-id=\"{id}\"[\\s\\S]*?<q class=\"dd-phrase\"[^>]*>100,741 forcibly displaced persons</q>", timeline);

        // Beside the figure on its source's page, and in the API.
        var sourcePage = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/sources/{input.SourceId}"));
        Assert.Matches("<tr>(?:(?!</tr>)[\\s\\S])*<q class=\"dd-phrase\"[^>]*>100,741 forcibly displaced persons</q>", sourcePage);
        using var api = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/figures?source=S001&pageSize=100"));
        var item = api.RootElement.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("id").GetInt32() == id);
        Assert.Equal("100,741 forcibly displaced persons", item.GetProperty("phrase").GetString());
        Assert.Contains(api.RootElement.GetProperty("items").EnumerateArray(), f => f.GetProperty("phrase").ValueKind == System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task SourcePhrase_LongerThanTheColumn_IsRefusedOnItsField_AndNothingIsWritten()
    {
        var editor = await Staff.CreateAsync(factory.Services, "longphrase@example.org", StaffRoles.Editor);
        var input = await InputAsync("100742", "2023-10-04", "11:00");
        input.SourcePhrase = new string('x', Figure.SourcePhraseMaxLength + 1);
        await using var db = factory.CreateContext();
        var before = await db.Figures.CountAsync();

        var result = await Editor.CreateAsync(editor, input, confirmDuplicate: false);

        Assert.Equal(EditStatus.Invalid, result.Status);
        var error = Assert.Single(result.FieldErrors);
        Assert.Equal(nameof(FigureInput.SourcePhrase), error.Field);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await db.Figures.CountAsync());
    }

    [Fact]
    public async Task ChangeSequence_LeavesExactlyOneRevisionPerChange()
    {
        var editor = await Staff.CreateAsync(factory.Services, "trail@example.org", StaffRoles.Editor);

        var created = await Editor.CreateAsync(editor, await InputAsync("100700"), confirmDuplicate: false);
        var id = created.Id!.Value;
        var corrected = await Editor.CorrectAsync(editor, id, 1, await InputAsync("100710"), "source revised", confirmDuplicate: false);
        var again = await Editor.CorrectAsync(editor, id, 2, await InputAsync("100720"), "second revision", confirmDuplicate: false);
        var retracted = await Editor.RetractAsync(editor, id, 3, "duplicate of an official figure");
        var restored = await Editor.RestoreAsync(editor, id, 4, "not a duplicate after all");

        Assert.All(new[] { created, corrected, again, retracted, restored }, r => Assert.Equal(EditStatus.Saved, r.Status));
        var history = (await factory.Services.GetRequiredService<HistoryQueries>().GetFigureHistoryAsync(id)).Revisions;
        Assert.Equal([1, 2, 3, 4, 5], history.Select(h => h.Number));
        Assert.Equal([RevisionKind.Created, RevisionKind.Corrected, RevisionKind.Corrected, RevisionKind.Retracted, RevisionKind.Restored], history.Select(h => h.Kind));
        Assert.All(history, h => Assert.Equal("trail@example.org", h.UserName));
        Assert.Null(history[0].Before);
        Assert.Equal(100700, history[1].Before!.Value);
        Assert.Equal(100710, history[1].After.Value);
        Assert.True(history[3].After.Retracted);
        Assert.StartsWith("source revised", history[1].Reason, StringComparison.Ordinal);
        await using var db = factory.CreateContext();
        Assert.Equal(5, await db.Figures.Where(f => f.Id == id).Select(f => f.Version).SingleAsync());
    }

    [Fact]
    public async Task RetractedFigure_LeavesTheDashboards_ButNotTheHistory()
    {
        var editor = await Staff.CreateAsync(factory.Services, "retract@example.org", StaffRoles.Editor);
        var id = (await Editor.CreateAsync(editor, await InputAsync("100800", "2023-10-07"), false)).Id!.Value;
        var queries = factory.Services.GetRequiredService<IFigureQueries>();
        Assert.Contains(await queries.GetFiguresAsync(new FigureFilter([WellKnown.CumulativeArrivals])), f => f.Id == id);

        await Editor.RetractAsync(editor, id, 1, "wrong day");

        Assert.DoesNotContain(await queries.GetFiguresAsync(new FigureFilter([WellKnown.CumulativeArrivals])), f => f.Id == id);
        Assert.Equal(2, (await factory.Services.GetRequiredService<HistoryQueries>().GetFigureHistoryAsync(id)).Revisions.Count);
        await using var db = factory.CreateContext();
        Assert.True(await db.Figures.AnyAsync(f => f.Id == id && f.IsRetracted));
    }

    [Fact]
    public async Task Database_RefusesUpdatesAndDeletesOfRevisions()
    {
        // Raw SQL on the store's own connection, below the app: the database refuses (SQLite and PostgreSQL triggers).
        await using var db = factory.CreateContext();
        var before = await db.Revisions.LongCountAsync();

        var updateError = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"Revisions\" SET \"UserName\" = 'someone else'"));
        var deleteError = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"Revisions\""));

        Assert.Contains("append-only: updates are refused", updateError.Message, StringComparison.Ordinal);
        Assert.Contains("append-only: deletes are refused", deleteError.Message, StringComparison.Ordinal);
        Assert.True(before > 0);
        Assert.Equal(before, await db.Revisions.LongCountAsync());
    }

    [Fact]
    public async Task TwoEditorsSavingTheSameVersion_ExactlyOneWins_AndTheOtherSeesTheStoredValueAndWho()
    {
        var first = await Staff.CreateAsync(factory.Services, "first@example.org", StaffRoles.Editor);
        var second = await Staff.CreateAsync(factory.Services, "second@example.org", StaffRoles.Editor);
        var id = (await Editor.CreateAsync(first, await InputAsync("100900", "2023-10-08"), false)).Id!.Value;
        var loadedByFirst = await Editor.LoadAsync(id);
        var loadedBySecond = await Editor.LoadAsync(id);

        var a = await Editor.CorrectAsync(first, id, loadedByFirst!.Version, await InputAsync("100901", "2023-10-08"), "typo", false);
        var b = await Editor.CorrectAsync(second, id, loadedBySecond!.Version, await InputAsync("100902", "2023-10-08"), "other typo", false);

        Assert.Equal(EditStatus.Saved, a.Status);
        Assert.Equal(EditStatus.Conflict, b.Status);
        Assert.Equal("first@example.org", b.Conflict!.UpdatedBy);
        Assert.Contains("100,901", b.Conflict.CurrentValue, StringComparison.Ordinal);
        Assert.Equal(2, (await factory.Services.GetRequiredService<HistoryQueries>().GetFigureHistoryAsync(id)).Revisions.Count);
    }

    [Theory]
    [InlineData("-5", "ValueText", "negative")]
    [InlineData("12.5", "ValueText", "not a whole number")]
    [InlineData("1,000", "ValueText", "not a plain number")]
    [InlineData("", "ValueText", "empty")]
    public async Task BadValue_IsExplainedNextToTheValueField_AndNothingIsWritten(string value, string field, string reason)
    {
        var editor = await Staff.CreateAsync(factory.Services, $"bad{value.Length}{reason.Length}@example.org", StaffRoles.Editor);
        await using var before = factory.CreateContext();
        var figures = await before.Figures.CountAsync();
        var revisions = await before.Revisions.CountAsync();

        var result = await Editor.CreateAsync(editor, await InputAsync(value), false);

        Assert.Equal(EditStatus.Invalid, result.Status);
        var error = Assert.Single(result.FieldErrors);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        await using var after = factory.CreateContext();
        Assert.Equal(figures, await after.Figures.CountAsync());
        Assert.Equal(revisions, await after.Revisions.CountAsync());
    }

    [Fact]
    public async Task DateOutsideTheWindow_AndUnitThatDoesNotFit_AreRefusedPerField()
    {
        var editor = await Staff.CreateAsync(factory.Services, "window@example.org", StaffRoles.Editor);
        var input = await InputAsync("100", "2099-01-01");
        input.UnitCode = "USD";

        var result = await Editor.CreateAsync(editor, input, false);

        Assert.Contains(result.FieldErrors, e => e.Field == nameof(FigureInput.Date) && e.Message.Contains("must lie between", StringComparison.Ordinal));
        Assert.Contains(result.FieldErrors, e => e.Field == nameof(FigureInput.UnitCode) && e.Message.Contains("does not fit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DateAfterItsSourcesPublication_IsRefusedOnTheDateField_AndNothingIsWritten()
    {
        var editor = await Staff.CreateAsync(factory.Services, "after-source@example.org", StaffRoles.Editor);
        var before = await RevisionCountAsync();
        // S004 (the government via TASS) was published on 2023-09-24: it cannot report the 26th.
        var input = await InputAsync("28120", "2023-09-26", source: "S004");

        var result = await Editor.CreateAsync(editor, input, false);

        Assert.Equal(EditStatus.Invalid, result.Status);
        var error = Assert.Single(result.FieldErrors);
        Assert.Equal(nameof(FigureInput.Date), error.Field);
        Assert.Contains("after the publication of its source", error.Message, StringComparison.Ordinal);
        Assert.Contains("(2023-09-24)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await RevisionCountAsync());

        input.Date = new DateOnly(2023, 9, 24);
        Assert.Equal(EditStatus.Saved, (await Editor.CreateAsync(editor, input, false)).Status);
    }

    private async Task<int> RevisionCountAsync()
    {
        await using var db = await factory.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<DisplacementDashboard.Core.Data.DashboardDbContext>>().CreateDbContextAsync();
        return await db.Revisions.CountAsync();
    }

    [Fact]
    public async Task LowerRunningTotalFromTheSameSource_NeedsAReason()
    {
        var editor = await Staff.CreateAsync(factory.Services, "lower@example.org", StaffRoles.Editor);
        await Editor.CreateAsync(editor, await InputAsync("101000", "2023-10-09", source: "S002"), false);

        var lower = await InputAsync("100000", "2023-10-10", source: "S002");
        lower.WarningReason = null;
        var refused = await Editor.CreateAsync(editor, lower, false);
        var withReason = await InputAsync("100000", "2023-10-10", source: "S002");
        withReason.WarningReason = "the source corrected its count";
        var accepted = await Editor.CreateAsync(editor, withReason, false);

        Assert.Equal(EditStatus.NeedsReason, refused.Status);
        Assert.Equal(nameof(FigureInput.WarningReason), Assert.Single(refused.FieldErrors).Field);
        Assert.Contains(refused.PlausibilityWarnings, w => w.Rule is PlausibilityRule.BelowEarlier or PlausibilityRule.SameSourceLower);
        Assert.Equal(EditStatus.Saved, accepted.Status);
        var history = (await factory.Services.GetRequiredService<HistoryQueries>().GetFigureHistoryAsync(accepted.Id!.Value)).Revisions;
        Assert.StartsWith("Saved past plausibility warnings: the source corrected its count (accepted: ", Assert.Single(history).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LikelyDuplicate_IsPointedOutBeforeSaving_AndSavedOnlyWhenConfirmed()
    {
        var editor = await Staff.CreateAsync(factory.Services, "dup@example.org", StaffRoles.Editor);
        var first = await Editor.CreateAsync(editor, await InputAsync("101500", "2023-10-11"), false);

        var second = await Editor.CreateAsync(editor, await InputAsync("101500", "2023-10-11"), false);
        var confirmed = await Editor.CreateAsync(editor, await InputAsync("101500", "2023-10-11"), true);

        Assert.Equal(EditStatus.NeedsConfirmation, second.Status);
        Assert.Equal(first.Id, Assert.Single(second.DuplicateIds!));
        Assert.Equal(EditStatus.Saved, confirmed.Status);
    }

    [Fact]
    public async Task InlineSource_IsCreatedWithTheFigure_InOneTransaction()
    {
        var editor = await Staff.CreateAsync(factory.Services, "inline@example.org", StaffRoles.Editor);
        var input = await InputAsync("101600", "2023-10-12");
        input.SourceId = null;
        input.NewSource = new SourceInput { Title = "Government briefing, 12 Oct", Publisher = "Armenpress", Url = "https://example.org/briefing", Kind = SourceKind.Government };
        var bad = await InputAsync("101600", "2023-10-12");
        bad.SourceId = null;
        bad.NewSource = new SourceInput { Title = "", Publisher = "Armenpress", Url = "javascript:alert(1)" };

        var saved = await Editor.CreateAsync(editor, input, false);
        var refused = await Editor.CreateAsync(editor, bad, false);

        Assert.Equal(EditStatus.Saved, saved.Status);
        await using var db = factory.CreateContext();
        var source = await db.Figures.Where(f => f.Id == saved.Id).Select(f => f.Source).SingleAsync();
        Assert.Equal("Government briefing, 12 Oct", source.Title);
        Assert.True(await db.Revisions.AnyAsync(r => r.EntityType == RevisionLog.SourceType && r.EntityId == source.Id && r.Kind == RevisionKind.Created));
        Assert.Contains(refused.FieldErrors, e => e.Field == "NewSource.Title");
        Assert.Contains(refused.FieldErrors, e => e.Field == "NewSource.Url");
    }

    [Fact]
    public async Task SavingAFigure_TellsOpenDashboards()
    {
        var editor = await Staff.CreateAsync(factory.Services, "notify@example.org", StaffRoles.Editor);
        var notifier = factory.Services.GetRequiredService<FigureChangeNotifier>();
        var told = new TaskCompletionSource();
        Task Handler()
        {
            told.TrySetResult();
            return Task.CompletedTask;
        }

        notifier.Changed += Handler;
        try
        {
            await Editor.CreateAsync(editor, await InputAsync("101700", "2023-10-13"), false);
            await told.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            notifier.Changed -= Handler;
        }

        Assert.True(told.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task SourcesAndEvents_AreCorrectedWithRevisions()
    {
        var editor = await Staff.CreateAsync(factory.Services, "srcevt@example.org", StaffRoles.Editor);
        var sources = factory.Services.GetRequiredService<SourceEditor>();
        var events = factory.Services.GetRequiredService<EventEditor>();
        var sourceId = await SourceIdAsync("S002");
        var (sourceInput, sourceVersion) = (await sources.LoadAsync(sourceId))!.Value;
        sourceInput.Publisher = "RAGE X (web)";

        var noReason = await sources.CorrectAsync(editor, sourceId, sourceVersion, sourceInput, null);
        var corrected = await sources.CorrectAsync(editor, sourceId, sourceVersion, sourceInput, "publisher name as on the site");
        var stale = await sources.CorrectAsync(editor, sourceId, sourceVersion, sourceInput, "again");
        var created = await events.CreateAsync(editor, new EventInput { Date = new DateOnly(2023, 10, 2), Title = "Main flow stops", SourceId = sourceId });
        var tooLong = await events.CreateAsync(editor, new EventInput { Date = new DateOnly(2023, 10, 2), Title = new string('x', 61), SourceId = sourceId });

        Assert.Equal("reason", Assert.Single(noReason.FieldErrors).Field);
        Assert.Equal(EditStatus.Saved, corrected.Status);
        Assert.Equal(EditStatus.Conflict, stale.Status);
        Assert.Equal(EditStatus.Saved, created.Status);
        Assert.Equal("Title", Assert.Single(tooLong.FieldErrors).Field);
        await using var db = factory.CreateContext();
        Assert.True(await db.Revisions.AnyAsync(r => r.EntityType == RevisionLog.SourceType && r.EntityId == sourceId && r.Kind == RevisionKind.Corrected && r.Number == sourceVersion + 1));
        Assert.True(await db.Revisions.AnyAsync(r => r.EntityType == RevisionLog.EventType && r.EntityId == created.Id && r.Kind == RevisionKind.Created));
    }

    [Fact]
    public async Task ASourcesPublicationDate_CannotBeCorrectedToBeforeTheFiguresCitingIt()
    {
        var editor = await Staff.CreateAsync(factory.Services, "srcdate@example.org", StaffRoles.Editor);
        var sources = factory.Services.GetRequiredService<SourceEditor>();
        var made = await sources.CreateAsync(editor, new SourceInput { Title = "Ombudsman update", Publisher = "Human Rights Defender of Armenia", Published = new DateOnly(2023, 10, 10), Kind = SourceKind.Government });
        Assert.Equal(EditStatus.Saved, made.Status);
        var sourceId = made.Id!.Value;
        var figure = await InputAsync("80", "2023-10-08", null);
        (figure.MetricCode, figure.LocationCode, figure.UnitCode, figure.SourceId) = (WellKnown.DepotInjured, "NK", "people", sourceId);
        var saved = await Editor.CreateAsync(editor, figure, confirmDuplicate: false);
        Assert.True(saved.Status == EditStatus.Saved, string.Join("; ", saved.FieldErrors.Select(e => e.Field + ": " + e.Message)));
        var (input, version) = (await sources.LoadAsync(sourceId))!.Value;

        input.Published = new DateOnly(2023, 10, 7);
        var tooEarly = await sources.CorrectAsync(editor, sourceId, version, input, "the report's own date");
        input.Published = new DateOnly(2023, 10, 8);
        var sameDay = await sources.CorrectAsync(editor, sourceId, version, input, "the report's own date");

        Assert.Equal(EditStatus.Invalid, tooEarly.Status);
        var error = Assert.Single(tooEarly.FieldErrors);
        Assert.Equal(nameof(SourceInput.Published), error.Field);
        Assert.Equal("2023-10-07 is before the day of a figure citing this source (the latest for 2023-10-08); a report cannot give a figure for a later day: correct those figures first, or give a publication date on or after 2023-10-08", error.Message);
        Assert.Equal(EditStatus.Saved, sameDay.Status);
        await using var db = factory.CreateContext();
        Assert.Equal((new DateOnly(2023, 10, 8), version + 1), await db.Sources.Where(s => s.Id == sourceId).Select(s => new ValueTuple<DateOnly, int>(s.Published!.Value, s.Version)).SingleAsync());
    }
}
