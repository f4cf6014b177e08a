using DisplacementDashboard.Core.Editing;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.IntegrationTests;

public class ImportServiceTests(ImportExportFactory factory) : IClassFixture<ImportExportFactory>
{
    private ImportService Import => factory.Get<ImportService>();

    private FigureRecordReader Reader => factory.Get<FigureRecordReader>();

    private async Task<FigureRecord> SeedFigureAsync(string externalId) =>
        (await FigureFiles.ReadStoreAsync(Reader, new FigureRecordQuery())).Single(f => f.ExternalId == externalId);

    [Fact]
    public async Task Commit_SameFileTwice_ChangesNothingTheSecondTime()
    {
        var editor = await factory.CreateStaffAsync("twice-editor", StaffRoles.Editor);
        var existing = await SeedFigureAsync("F0003");
        var file = await FigureFiles.WriteAsync(
        [
            existing with { Value = existing.Value + 7, Note = "corrected in a test" },
            existing with { FigureId = 0, Revision = 0, ExternalId = "TWICE-1", Date = new DateOnly(2023, 9, 22), Value = 101 },
            existing with { FigureId = 0, Revision = 0, ExternalId = null, Date = new DateOnly(2023, 9, 23), Value = 102, Note = "no id: matched by its values" },
        ], hxl: true);

        var first = await Import.CommitAsync(FigureFiles.Stream(file), "twice.csv", editor);
        var afterFirst = await factory.StoreStateAsync();
        var preview = await Import.PreviewAsync(FigureFiles.Stream(file), "twice.csv");
        var second = await Import.CommitAsync(FigureFiles.Stream(file), "twice.csv", editor);

        Assert.Equal(ImportOutcome.Committed, first.Outcome);
        Assert.Equal((2, 1, 0), (first.Created, first.Updated, first.Unchanged));
        Assert.All(preview.Rows, r => Assert.Equal(ImportRowStatus.Unchanged, r.Status));
        Assert.Equal(ImportOutcome.Committed, second.Outcome);
        Assert.Equal((0, 0, 3), (second.Created, second.Updated, second.Unchanged));
        Assert.Equal(afterFirst, await factory.StoreStateAsync());
    }

    [Theory]
    [InlineData("2099-01-01", "lies outside the dates the store accepts")]
    [InlineData("9999-12-31", "lies outside the dates the store accepts")]
    [InlineData("2014-12-31", "lies outside the dates the store accepts")]
    public async Task Commit_DateOutsideTheAcceptedRange_IsRefusedOnItsRowAndCell_AndWritesNothing(string date, string reason)
    {
        var editor = await factory.CreateStaffAsync("range-editor-" + date, StaffRoles.Editor);
        var existing = await SeedFigureAsync("F0003");
        var before = await factory.StoreStateAsync();
        var file = await FigureFiles.WriteAsync(
        [
            existing with { FigureId = 0, Revision = 0, ExternalId = "RANGE-OK", Value = 11 },
            existing with { FigureId = 0, Revision = 0, ExternalId = "RANGE-BAD", Date = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture), Value = 12 },
        ]);

        var preview = await Import.PreviewAsync(FigureFiles.Stream(file), "range.csv");
        var result = await Import.CommitAsync(FigureFiles.Stream(file), "range.csv", editor);

        var error = Assert.Single(preview.Errors);
        Assert.Equal(3, error.Row);
        Assert.Equal("date", error.Column);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(ImportOutcome.Invalid, result.Outcome);
        Assert.Equal(before, await factory.StoreStateAsync());
    }

    [Fact]
    public async Task Commit_DateAfterItsSourcesPublication_IsRefused()
    {
        var editor = await factory.CreateStaffAsync("after-source-editor", StaffRoles.Editor);
        var existing = await SeedFigureAsync("F0003");
        var published = await factory.SourcePublishedAsync(existing.Source);
        Assert.NotNull(published);
        var file = await FigureFiles.WriteAsync([existing with { FigureId = 0, Revision = 0, ExternalId = "AFTER-1", Date = published.Value.AddDays(1), Value = 13 }]);

        var result = await Import.CommitAsync(FigureFiles.Stream(file), "after.csv", editor);

        Assert.Equal(ImportOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Preview!.Errors);
        Assert.Equal("date", error.Column);
        Assert.Contains($"after the publication of its source, {existing.Source}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_RowsDescribingANewSource_CreateItWithARevision_AndTheirFiguresPointToIt()
    {
        var editor = await factory.CreateStaffAsync("new-source-editor", StaffRoles.Editor);
        var existing = await SeedFigureAsync("F0003");
        var unicef = existing with
        {
            FigureId = 0, Revision = 0, Source = "unicef-sitrep-2", SourceTitle = "UNICEF Armenia Humanitarian Situation Report No. 2",
            SourcePublisher = "UNICEF", SourceUrl = "https://www.unicef.org/media/armenia-sitrep-2", SourcePublished = new DateOnly(2023, 10, 6),
        };
        var file = await FigureFiles.WriteAsync(
        [
            unicef with { ExternalId = "UNICEF-2-1", Date = new DateOnly(2023, 10, 5), Value = 30_000, Note = "children among the arrivals" },
            unicef with { ExternalId = "UNICEF-2-2", Date = new DateOnly(2023, 10, 6), Value = 30_500 },
        ]);

        var preview = await Import.PreviewAsync(FigureFiles.Stream(file), "unicef.csv");
        var result = await Import.CommitAsync(FigureFiles.Stream(file), "unicef.csv", editor, warningReason: "test file: its values are not about plausibility");
        var again = await Import.CommitAsync(FigureFiles.Stream(file), "unicef.csv", editor, warningReason: "test file: its values are not about plausibility");

        Assert.True(preview.CanCommit, string.Join("; ", preview.Errors));
        Assert.Equal("unicef-sitrep-2", Assert.Single(preview.NewSources).Source.Key);
        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        Assert.Contains("1 new source (unicef-sitrep-2)", result.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0, 2), (again.Created, again.Updated, again.Unchanged));
        Assert.Empty(again.Preview!.NewSources);

        await using var db = factory.CreateContext();
        var source = await db.Sources.SingleAsync(s => s.Key == "unicef-sitrep-2");
        Assert.Equal(("UNICEF Armenia Humanitarian Situation Report No. 2", "UNICEF", new DateOnly(2023, 10, 6), "https://www.unicef.org/media/armenia-sitrep-2"), (source.Title, source.Publisher, source.Published!.Value, source.Url!));
        Assert.Equal(2, await db.Figures.CountAsync(f => f.SourceId == source.Id));
        var revision = await db.Revisions.SingleAsync(r => r.EntityType == RevisionLog.SourceType && r.EntityId == source.Id);
        Assert.Equal((RevisionKind.Imported, "new-source-editor", "unicef.csv"), (revision.Kind, revision.UserName, revision.ImportFile!));
    }

    [Fact]
    public async Task Commit_NewSourceInAFileWithAnError_CreatesNothing()
    {
        var editor = await factory.CreateStaffAsync("new-source-bad-editor", StaffRoles.Editor);
        var existing = await SeedFigureAsync("F0003");
        var before = await factory.StoreStateAsync();
        var file = await FigureFiles.WriteAsync(
        [
            existing with { FigureId = 0, Revision = 0, ExternalId = "MSF-1", Source = "msf-update", SourceTitle = "MSF update", SourcePublisher = "MSF", SourceUrl = null, SourcePublished = new DateOnly(2023, 10, 1), Date = new DateOnly(2023, 9, 30) },
            existing with { FigureId = 0, Revision = 0, ExternalId = "MSF-2", Metric = "no_such_metric" },
        ]);

        var result = await Import.CommitAsync(FigureFiles.Stream(file), "msf.csv", editor, warningReason: "test file: its values are not about plausibility");

        Assert.Equal(ImportOutcome.Invalid, result.Outcome);
        Assert.Equal(before, await factory.StoreStateAsync());
        await using var db = factory.CreateContext();
        Assert.False(await db.Sources.AnyAsync(s => s.Key == "msf-update"));
    }

    [Fact]
    public async Task Commit_RefreshesTheDashboards_LikeAnEdit()
    {
        var editor = await factory.CreateStaffAsync("notify-editor", StaffRoles.Editor);
        var existing = await SeedFigureAsync("F0005");
        var dashboard = factory.Get<DisplacementDashboard.Core.Dashboard.IDashboardService>();
        _ = await dashboard.GetTimelineAsync(DisplacementDashboard.Core.Dashboard.TimelineBuilder.DefaultFrom, DisplacementDashboard.Core.Dashboard.TimelineBuilder.DefaultTo);
        var notified = 0;
        Task Count()
        {
            Interlocked.Increment(ref notified);
            return Task.CompletedTask;
        }

        var notifier = factory.Get<FigureChangeNotifier>();
        notifier.Changed += Count;
        try
        {
            var file = await FigureFiles.WriteAsync([existing with { FigureId = 0, Revision = 0, ExternalId = "NOTIFY-1", Date = new DateOnly(2023, 9, 25), Time = new TimeOnly(7, 0), Value = 100_601, Metric = "cumulative_arrivals_in_armenia", Location = "AM", Unit = "people" }]);
            var result = await Import.CommitAsync(FigureFiles.Stream(file), "notify.csv", editor, warningReason: "test file: its values are not about plausibility");
            var again = await Import.CommitAsync(FigureFiles.Stream(file), "notify.csv", editor, warningReason: "test file: its values are not about plausibility");

            Assert.Equal(ImportOutcome.Committed, result.Outcome);
            Assert.Equal(ImportOutcome.Committed, again.Outcome);
        }
        finally
        {
            notifier.Changed -= Count;
        }

        Assert.Equal(1, notified);
        var timeline = await dashboard.GetTimelineAsync(DisplacementDashboard.Core.Dashboard.TimelineBuilder.DefaultFrom, DisplacementDashboard.Core.Dashboard.TimelineBuilder.DefaultTo);
        Assert.Contains(timeline.Cumulative, f => f.Value == 100_601);
    }

    [Fact]
    public async Task Commit_WritesOneRevisionPerChangedFigure_NamingFileHashAndUser()
    {
        var editor = await factory.CreateStaffAsync("revision-editor", StaffRoles.Editor);
        var existing = await SeedFigureAsync("F0004");
        var file = await FigureFiles.WriteAsync([existing with { Value = existing.Value + 1 }]);

        var preview = await Import.PreviewAsync(FigureFiles.Stream(file), "../../etc/correction.csv");
        var result = await Import.CommitAsync(FigureFiles.Stream(file), "../../etc/correction.csv", editor, preview.Sha256);

        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        var change = Assert.Single(Assert.Single(preview.Rows).Changes);
        Assert.Equal(("value", existing.Value.ToString(CultureInfo.InvariantCulture), (existing.Value + 1).ToString(CultureInfo.InvariantCulture)), (change.Column, change.Old, change.New));
        await using var db = factory.CreateContext();
        var figure = await db.Figures.SingleAsync(f => f.Id == existing.FigureId);
        Assert.Equal(existing.Revision + 1, figure.Version);
        Assert.Equal("revision-editor", figure.UpdatedBy);
        var revision = await db.Revisions.SingleAsync(r => r.EntityType == RevisionLog.FigureType && r.EntityId == figure.Id && r.Number == figure.Version);
        Assert.Equal(RevisionKind.Imported, revision.Kind);
        Assert.Equal("revision-editor", revision.UserName);
        Assert.Equal("correction.csv", revision.ImportFile);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), revision.ImportSha256);
        Assert.Equal(existing.Value, RevisionLog.Read<FigureSnapshot>(revision.OldValues!).Value);
        Assert.Equal(existing.Value + 1, RevisionLog.Read<FigureSnapshot>(revision.NewValues).Value);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(StaffRoles.Editor, true)]
    public async Task Commit_ByAViewerOrADisabledEditor_IsRefused_AndWritesNothing(string? role, bool disabled)
    {
        var user = await factory.CreateStaffAsync($"refused-{role ?? "viewer"}-{disabled}", role, disabled);
        var existing = await SeedFigureAsync("F0005");
        var file = await FigureFiles.WriteAsync([existing with { Value = existing.Value + 1 }]);
        var before = await factory.StoreStateAsync();

        var result = await Import.CommitAsync(FigureFiles.Stream(file), "refused.csv", user);

        Assert.Equal(ImportOutcome.NotAllowed, result.Outcome);
        Assert.Equal(before, await factory.StoreStateAsync());
    }

    [Fact]
    public async Task Commit_AnAdmin_MayImport_ButNotAFileOtherThanThePreviewedOne()
    {
        var admin = await factory.CreateStaffAsync("import-admin", StaffRoles.Admin);
        var existing = await SeedFigureAsync("F0006");
        var file = await FigureFiles.WriteAsync([existing with { Note = "admin note" }]);
        var before = await factory.StoreStateAsync();

        var changed = await Import.CommitAsync(FigureFiles.Stream(file), "admin.csv", admin, expectedSha256: new string('0', 64));
        var stateAfterRefusal = await factory.StoreStateAsync();
        var committed = await Import.CommitAsync(FigureFiles.Stream(file), "admin.csv", admin, warningReason: "test file: its values are not about plausibility");

        Assert.Equal(ImportOutcome.FileChanged, changed.Outcome);
        Assert.Equal(before, stateAfterRefusal);
        Assert.Equal((ImportOutcome.Committed, 1), (committed.Outcome, committed.Updated));
    }

    [Fact]
    public async Task ExportAsOf_BeforeACorrection_ShowsTheOldValue_AndAfterIt_TheNewOne()
    {
        var editor = await factory.CreateStaffAsync("asof-editor", StaffRoles.Editor);
        var original = await SeedFigureAsync("F0010");
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var beforeCorrection = factory.Clock.UtcNow;
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var correctedAt = factory.Clock.UtcNow;
        var file = await FigureFiles.WriteAsync(
        [
            original with { Value = original.Value + 200, Note = "corrected" },
            original with { FigureId = 0, ExternalId = "ASOF-NEW", Date = new DateOnly(2023, 9, 20), Value = 5 },
        ]);
        var result = await Import.CommitAsync(FigureFiles.Stream(file), "asof.csv", editor, warningReason: "test file: its values are not about plausibility");
        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        factory.Clock.Advance(TimeSpan.FromHours(1));

        async Task<List<ParsedFigure>> ExportAsync(DateTime? asOf)
        {
            using var client = factory.CreateClient();
            var url = "/api/export/figures.csv?source=" + original.Source + (asOf is { } a ? "&asOf=" + a.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "");
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var stamp = (asOf ?? factory.Clock.UtcNow).ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            Assert.Equal($"figures_{stamp}.csv", response.Content.Headers.ContentDisposition!.FileName);
            var parsed = await FigureFiles.ParseAsync(await response.Content.ReadAsByteArrayAsync(), factory.Get<ExportService>());
            Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
            return parsed.Rows.Select(r => r.Figure!).ToList();
        }

        var before = await ExportAsync(beforeCorrection);
        var atCorrection = await ExportAsync(correctedAt);
        var now = await ExportAsync(null);

        Assert.Equal((original.Value, original.Revision), before.Where(f => f.ExternalId == original.ExternalId).Select(f => (f.Value, f.Revision!.Value)).Single());
        Assert.DoesNotContain(before, f => f.ExternalId == "ASOF-NEW");
        Assert.Equal((original.Value + 200, original.Revision + 1), atCorrection.Where(f => f.ExternalId == original.ExternalId).Select(f => (f.Value, f.Revision!.Value)).Single());
        Assert.Contains(atCorrection, f => f.ExternalId == "ASOF-NEW");
        Assert.Equal(atCorrection.Select(f => (f.FigureId, f.Revision, f.Value, f.Note)), now.Select(f => (f.FigureId, f.Revision, f.Value, f.Note)));
    }

    [Fact]
    public async Task Preview_MarksRowsNewUpdateUnchangedAndError()
    {
        var existing = await SeedFigureAsync("F0007");
        var unchanged = await SeedFigureAsync("F0008");
        var file = await FigureFiles.WriteAsync(
        [
            existing with { Qualifier = Qualifier.AtLeast },
            unchanged,
            unchanged with { FigureId = 0, ExternalId = "PREVIEW-NEW", Value = 1 },
            unchanged with { FigureId = 0, ExternalId = "PREVIEW-BAD", Metric = "no_such_metric" },
        ]);

        var preview = await Import.PreviewAsync(FigureFiles.Stream(file), "preview.csv");

        Assert.Equal([ImportRowStatus.Update, ImportRowStatus.Unchanged, ImportRowStatus.New, ImportRowStatus.Error], preview.Rows.Select(r => r.Status));
        Assert.Equal(existing.FigureId, preview.Rows[0].FigureId);
        Assert.Equal(new CsvError(5, "metric", "unknown metric 'no_such_metric'"), Assert.Single(preview.Errors));
        Assert.False(preview.CanCommit);
    }
}
