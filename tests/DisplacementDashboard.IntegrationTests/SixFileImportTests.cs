using System.IO.Compression;
using System.Text;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// The six-file import against the seeded store (on PostgreSQL too, where new figures go through binary COPY): new rows
/// of every kind with their revisions, changed sources and events corrected, changed reference data refused, and any bad
/// row in any file refusing the whole commit. Each test uses codes of its own (the store is shared).
/// </summary>
public class SixFileImportTests(ImportExportFactory factory) : IClassFixture<ImportExportFactory>
{
    private ImportService Import => factory.Get<ImportService>();

    private const string FigureHeader = "figure_id,revision,external_id,metric,location,date,time,value,unit,qualifier,source,source_title,source_publisher,source_url,source_published,note";

    /// <summary>A bundle of every kind, each code prefixed with <paramref name="p"/>, hanging off the seed's AM.</summary>
    private static (string Name, string Text)[] Bundle(string p, string sourceTitle = "Aid tracker", string? extraFigure = null) =>
    [
        ("units.csv", $"code,name,kind,decimals,currency\n{p}_eur,euros,money,2,EUR\n"),
        ("metrics.csv", $"code,name,kind,units,description\n{p}_aid,Aid pledged,money,{p}_eur;people,\"Pledges, in euros\"\n"),
        ("locations.csv", $"code,name,parent,level\nAM-{p},Test region {p},AM,region\nAM-{p}-1,Test place,AM-{p},place\n"),
        ("sources.csv", $"id,title,publisher,published,url,kind\n{p}S1,{sourceTitle},Test NGO,2023-10-05,https://example.org/{p},ngo\n"),
        ("events.csv", $"id,date,precision,title,description,source\n{p}E1,2023-10-01,day,Pledging conference,,{p}S1\n"),
        ("figures.csv", $"{FigureHeader}\n,,{p}-F1,{p}_aid,AM-{p}-1,2023-10-02,,1234.56,{p}_eur,exact,{p}S1,,,,,first pledge\n,,{p}-F2,{p}_aid,AM-{p},2023-10-03,09:30,40,people,approximate,{p}S1,,,,,\n{extraFigure}"),
    ];

    public static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return output.ToArray();
    }

    private static ImportBundle Read(byte[] zip, string name) => ImportBundle.FromZip(zip, name, new ImportOptions());

    private async Task<(int Units, int Metrics, int Locations, string Store)> CountsAsync()
    {
        await using var db = factory.CreateContext();
        return (await db.Units.CountAsync(), await db.Metrics.CountAsync(), await db.Locations.CountAsync(), await factory.StoreStateAsync());
    }

    [Fact]
    public async Task Commit_NewRowsInEveryFile_CreatesThemWithRevisions_AndTheSameBundleAgainIsUnchanged()
    {
        var editor = await factory.CreateStaffAsync("six-editor", StaffRoles.Editor);
        var zip = Zip(Bundle("sxa"));

        var result = await Import.CommitBundleAsync(Read(zip, "sxa.zip"), editor);

        Assert.True(result.Succeeded, result.Message + " " + string.Join("; ", result.Preview?.Errors ?? []));
        Assert.Equal(
            [("units.csv", 1), ("metrics.csv", 1), ("locations.csv", 2), ("sources.csv", 1), ("events.csv", 1), ("figures.csv", 2)],
            result.Preview!.Files.Select(f => (f.File, f.New)));
        await using var db = factory.CreateContext();
        Assert.Equal((UnitKind.Money, 2), await db.Units.Where(u => u.Code == "sxa_eur").Select(u => new ValueTuple<UnitKind, int>(u.Kind, u.Decimals)).SingleAsync());
        Assert.Equal("AM-sxa", await db.Locations.Where(l => l.Code == "AM-sxa-1").Select(l => l.Parent!.Code).SingleAsync());
        var figure = await db.Figures.Include(f => f.Metric).Include(f => f.Location).Include(f => f.Source).SingleAsync(f => f.ExternalId == "sxa-F1");
        Assert.Equal((123456L, "sxa_eur", "sxaS1"), (figure.Value, figure.UnitCode, figure.Source.Key));
        var source = await db.Sources.SingleAsync(s => s.Key == "sxaS1");
        var @event = await db.Events.SingleAsync(e => e.Key == "sxaE1");
        var revisions = await db.Revisions.AsNoTracking().Where(r => r.ImportFile == "sxa.zip").ToListAsync();
        Assert.Equal(8, revisions.Count); // the unit, the metric, the two places, the source, the event and the two figures
        Assert.Single(revisions, r => r.EntityType == RevisionLog.UnitType);
        Assert.Single(revisions, r => r.EntityType == RevisionLog.MetricType);
        Assert.Equal(2, revisions.Count(r => r.EntityType == RevisionLog.LocationType));
        Assert.All(revisions, r => Assert.Equal((RevisionKind.Imported, 1, "six-editor", result.Preview.Sha256), (r.Kind, r.Number, r.UserName, r.ImportSha256)));
        Assert.Contains(revisions, r => r.EntityType == RevisionLog.SourceType && r.EntityId == source.Id);
        Assert.Contains(revisions, r => r.EntityType == RevisionLog.EventType && r.EntityId == @event.Id);
        Assert.Equal(FigureSnapshot.Of(figure, "sxa_aid", "AM-sxa-1", "sxaS1"), RevisionLog.Read<FigureSnapshot>(revisions.Single(r => r.EntityType == RevisionLog.FigureType && r.EntityId == figure.Id).NewValues));

        var before = await CountsAsync();
        var again = await Import.CommitBundleAsync(Read(zip, "sxa.zip"), editor);

        Assert.True(again.Succeeded, again.Message);
        Assert.Equal((0, 0, 8), (again.Preview!.NewCount, again.Preview.UpdateCount, again.Preview.UnchangedCount));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Commit_OneBadRowInTheLastFile_RefusesTheWholeBundle_AndWritesNothing()
    {
        var editor = await factory.CreateStaffAsync("six-bad-editor", StaffRoles.Editor);
        var zip = Zip(Bundle("sxb", extraFigure: ",,sxb-F3,sxb_aid,AM-sxb,2023-10-04,,lots,people,exact,sxbS1,,,,,\n"));
        var before = await CountsAsync();

        var preview = await Import.PreviewBundleAsync(Read(zip, "sxb.zip"));
        var result = await Import.CommitBundleAsync(Read(zip, "sxb.zip"), editor);

        Assert.Equal(ImportOutcome.Invalid, result.Outcome);
        Assert.False(preview.CanCommit);
        var error = Assert.Single(preview.Errors);
        Assert.Equal(("figures.csv", 4, "value"), (error.File, error.Row, error.Column));
        Assert.Equal(1, preview.Files.Single(f => f.File == "figures.csv").Errors);
        Assert.Equal(1, preview.Files.Single(f => f.File == "units.csv").New);
        Assert.Equal(before, await CountsAsync());
        await using var db = factory.CreateContext();
        Assert.False(await db.Sources.AnyAsync(s => s.Key == "sxbS1"));
    }

    [Fact]
    public async Task Preview_AUnitAndAPlaceThatDifferFromTheStore_AreRefusedNamingFileRowAndField()
    {
        var editor = await factory.CreateStaffAsync("six-ref-editor", StaffRoles.Editor);
        var zip = Zip(
            ("units.csv", "code,name,kind,decimals\npeople,people,count,2\n"),
            ("locations.csv", "code,name,parent,level\nAM,Armenia,,region\n"),
            ("sources.csv", "id,title,publisher,published,url,kind\nsxcS1,Title,Publisher,2023-10-05,,news\n"));
        var before = await CountsAsync();

        var result = await Import.CommitBundleAsync(Read(zip, "sxc.zip"), editor);

        Assert.Equal(ImportOutcome.Invalid, result.Outcome);
        var errors = result.Preview!.Errors.Select(e => (e.File, e.Row, e.Column)).ToList();
        Assert.Equal([("units.csv", 2, "decimals"), ("locations.csv", 2, "level")], errors);
        Assert.Contains("'0' but the file says '2'", result.Preview.Errors.First().Reason, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Commit_AChangedSourceAndEvent_CorrectsThemWithARevisionHoldingTheOldValues()
    {
        var editor = await factory.CreateStaffAsync("six-fix-editor", StaffRoles.Editor);
        Assert.True((await Import.CommitBundleAsync(Read(Zip(Bundle("sxd")), "sxd-1.zip"), editor)).Succeeded);
        var changed = Bundle("sxd", sourceTitle: "\"Aid tracker, second edition\"")
            .Select(f => f.Name == "events.csv" ? (f.Name, f.Text.Replace("Pledging conference", "Pledging conference in Brussels", StringComparison.Ordinal)) : f)
            .ToArray();

        var result = await Import.CommitBundleAsync(Read(Zip(changed), "sxd-2.zip"), editor);

        Assert.True(result.Succeeded, result.Message + " " + string.Join("; ", result.Preview?.Errors ?? []));
        var rows = result.Preview!.Rows.Where(r => r.Status == Core.Csv.ImportRowStatus.Update).ToList();
        Assert.Equal([("sources.csv", 2, "sxdS1", "title"), ("events.csv", 2, "sxdE1", "title")], rows.Select(r => (r.File, r.Row, r.Key, r.Changes.Single().Column)));
        await using var db = factory.CreateContext();
        var source = await db.Sources.SingleAsync(s => s.Key == "sxdS1");
        Assert.Equal(("Aid tracker, second edition", 2), (source.Title, source.Version));
        var revision = await db.Revisions.SingleAsync(r => r.EntityType == RevisionLog.SourceType && r.EntityId == source.Id && r.Number == 2);
        Assert.Equal(("Aid tracker", "sxd-2.zip"), (RevisionLog.Read<SourceSnapshot>(revision.OldValues!).Title, revision.ImportFile));
        var @event = await db.Events.SingleAsync(e => e.Key == "sxdE1");
        Assert.Equal(("Pledging conference in Brussels", 2), (@event.Title, @event.Version));
        Assert.True(await db.Revisions.AnyAsync(r => r.EntityType == RevisionLog.EventType && r.EntityId == @event.Id && r.Number == 2 && r.OldValues != null));
    }

    [Fact]
    public async Task Commit_AFolderOfTheSixFiles_ImportsLikeItsZip()
    {
        var editor = await factory.CreateStaffAsync("six-folder-editor", StaffRoles.Editor);
        var folder = Directory.CreateTempSubdirectory("dd-six-");
        try
        {
            foreach (var (name, text) in Bundle("sxe"))
            {
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, name), text);
            }

            var bundle = ImportBundle.FromFolder(folder.FullName, new ImportOptions());
            var result = await Import.CommitBundleAsync(bundle, editor);

            Assert.True(result.Succeeded, result.Message + " " + string.Join("; ", result.Preview?.Errors ?? []));
            Assert.Equal(8, result.Created);
            Assert.Equal(SeedReader.FileNames, result.Preview!.Present);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Commit_FiguresWithPlausibilityWarnings_NeedAReason_WhichTheirRevisionsKeep()
    {
        var editor = await factory.CreateStaffAsync("six-warn-editor", StaffRoles.Editor);
        // A new place's running total: 42,500 on one day, then 4,250 (a typing error) two days later.
        var zip = Zip(
            ("locations.csv", "code,name,parent,level\nAM-sxw,Test region sxw,AM,region\n"),
            ("sources.csv", "id,title,publisher,published,url,kind\nsxwS1,Shelter update,Test NGO,2023-10-05,https://example.org/sxw,ngo\n"),
            ("figures.csv", $"{FigureHeader}\n,,sxw-F1,cumulative_arrivals_in_armenia,AM-sxw,2023-10-01,,42500,people,exact,sxwS1,,,,,\n,,sxw-F2,cumulative_arrivals_in_armenia,AM-sxw,2023-10-03,,4250,people,exact,sxwS1,,,,,\n"));
        var before = await CountsAsync();

        var preview = await Import.PreviewBundleAsync(Read(zip, "sxw.zip"));
        var refused = await Import.CommitBundleAsync(Read(zip, "sxw.zip"), editor, preview.Sha256);
        var blank = await Import.CommitBundleAsync(Read(zip, "sxw.zip"), editor, preview.Sha256, "  ");

        Assert.True(preview.CanCommit);
        Assert.Equal(2, preview.WarnedCount);
        Assert.All(preview.Warnings, w => Assert.Equal(("figures.csv", "value"), (w.File, w.Column)));
        Assert.Equal([2, 3], preview.Rows.Where(r => r.Warnings.Count > 0).Select(r => r.Row));
        Assert.Contains("42,500", preview.Rows.Single(r => r.File == "figures.csv" && r.Row == 3).Warnings[0].Reason, StringComparison.Ordinal);
        Assert.Equal((ImportOutcome.NeedsReason, ImportOutcome.NeedsReason), (refused.Outcome, blank.Outcome));
        Assert.Contains("plausibility warnings", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());

        var result = await Import.CommitBundleAsync(Read(zip, "sxw.zip"), editor, preview.Sha256, "the report gives both values");

        Assert.True(result.Succeeded, result.Message);
        await using var db = factory.CreateContext();
        var ids = await db.Figures.Where(f => f.ExternalId == "sxw-F1" || f.ExternalId == "sxw-F2").Select(f => f.Id).ToListAsync();
        var reasons = await db.Revisions.Where(r => r.EntityType == RevisionLog.FigureType && ids.Contains(r.EntityId)).Select(r => r.Reason).ToListAsync();
        Assert.Equal(2, reasons.Count);
        Assert.All(reasons, r => Assert.StartsWith("Imported from sxw.zip. Saved past plausibility warnings: the report gives both values (accepted: ", r, StringComparison.Ordinal));
        var placeRevision = await db.Revisions.SingleAsync(r => r.EntityType == RevisionLog.LocationType && r.ImportFile == "sxw.zip");
        Assert.Equal("Imported from sxw.zip", placeRevision.Reason);
    }

    [Fact]
    public async Task Commit_ASourcesPublicationDateBeforeItsStoredFigures_IsRefused_NamingTheLatestFigure()
    {
        var editor = await factory.CreateStaffAsync("six-date-editor", StaffRoles.Editor);
        Assert.True((await Import.CommitBundleAsync(Read(Zip(Bundle("sxp")), "sxp-1.zip"), editor)).Succeeded);
        // The stored figures are of 2 and 3 October: the source cannot have been published on the 2nd.
        static byte[] Published(string date) => Zip(("sources.csv", $"id,title,publisher,published,url,kind\nsxpS1,Aid tracker,Test NGO,{date},https://example.org/sxp,ngo\n"));
        var before = await CountsAsync();

        var refused = await Import.CommitBundleAsync(Read(Published("2023-10-02"), "sxp-2.zip"), editor);

        Assert.Equal(ImportOutcome.Invalid, refused.Outcome);
        var error = Assert.Single(refused.Preview!.Errors);
        Assert.Equal(("sources.csv", 2, "published"), (error.File, error.Row, error.Column));
        Assert.Contains("source 'sxpS1': 2023-10-02 is before the day of a figure citing this source (the latest for 2023-10-03)", error.Reason, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());

        var accepted = await Import.CommitBundleAsync(Read(Published("2023-10-03"), "sxp-3.zip"), editor);

        Assert.True(accepted.Succeeded, accepted.Message + " " + string.Join("; ", accepted.Preview?.Errors ?? []));
        await using var db = factory.CreateContext();
        Assert.Equal(new DateOnly(2023, 10, 3), await db.Sources.Where(s => s.Key == "sxpS1").Select(s => s.Published).SingleAsync());
    }
}
