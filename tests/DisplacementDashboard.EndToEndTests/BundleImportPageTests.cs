using System.IO.Compression;
using System.Text;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>A zip of the six files on the import page: counts per file, a bad row refusing all, then one commit (1366 and 390 px, axe).</summary>
public sealed class BundleImportPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Header = "figure_id,revision,external_id,metric,location,date,time,value,unit,qualifier,source,source_title,source_publisher,source_url,source_published,note";

    private static byte[] Zip(string figureRows)
    {
        (string, string)[] files =
        [
            ("units.csv", "code,name,kind,decimals,currency\npg_eur,euros,money,2,EUR\n"),
            ("metrics.csv", "code,name,kind,units,description\npg_aid,Aid pledged,money,pg_eur,\n"),
            ("locations.csv", "code,name,parent,level\nAM-PG,Test region,AM,region\n"),
            ("sources.csv", "id,title,publisher,published,url,kind\nPG1,Aid tracker,Test NGO,2023-10-05,,ngo\n"),
            ("events.csv", "id,date,precision,title,description,source\nPGE1,2023-10-01,day,Pledging conference,,PG1\n"),
            ("figures.csv", Header + "\n" + figureRows),
        ];
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return output.ToArray();
    }

    [Fact]
    public async Task AZipOfTheSixFiles_IsPreviewedPerFile_ABadRowRefusesAll_AndTheFixedZipCommitsEveryFile()
    {
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync("/import");
        var input = staff.Page.GetByTestId("import-file");
        await Assertions.Expect(input).ToBeEnabledAsync();
        const string good = ",,PG-F1,pg_aid,AM-PG,2023-10-02,,1234.56,pg_eur,exact,PG1,,,,,\n";

        await input.SetInputFilesAsync(new FilePayload { Name = "bad.zip", MimeType = "application/zip", Buffer = Zip(good + ",,PG-F2,pg_aid,AM-PG,2023-10-03,,lots,pg_eur,exact,PG1,,,,,\n") });

        await Assertions.Expect(staff.Page.GetByTestId("bundle-refused")).ToBeVisibleAsync();
        await Assertions.Expect(staff.Page.GetByTestId("bundle-file-figures.csv")).ToContainTextAsync("figures.csv1001");
        await Assertions.Expect(staff.Page.GetByTestId("bundle-rows")).ToContainTextAsync("value:");
        await Assertions.Expect(staff.Page.GetByTestId("import-commit")).ToHaveCountAsync(0);
        var serious = await Axe.SeriousViolationsAsync(staff.Page, "six-file preview with an error");
        Assert.True(serious.Count == 0, string.Join('\n', serious));
        await staff.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "import-bundle-error-1366.png"), FullPage = true });

        await staff.Page.SetViewportSizeAsync(390, 844);
        // MudFileUpload keeps the used input (hidden) beside a fresh one: choose the new file in the fresh one.
        await input.Last.SetInputFilesAsync(new FilePayload { Name = "six.zip", MimeType = "application/zip", Buffer = Zip(good) });
        await Assertions.Expect(staff.Page.GetByTestId("bundle-file-units.csv")).ToContainTextAsync("units.csv1000");
        await Assertions.Expect(staff.Page.GetByTestId("bundle-summary")).ToContainTextAsync("6 new, 0 to correct, 0 unchanged, 0 with errors");
        serious = await Axe.SeriousViolationsAsync(staff.Page, "six-file preview at 390 px");
        Assert.True(serious.Count == 0, string.Join('\n', serious));
        await staff.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "import-bundle-390.png"), FullPage = true });
        Assert.True(await staff.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the six-file preview scrolls sideways at 390 px");

        await staff.Page.GetByTestId("import-commit").ClickAsync();

        await Assertions.Expect(staff.Page.GetByTestId("import-message")).ToContainTextAsync("Imported six.zip: units.csv 1 new");
        await using var db = new DashboardDbContext(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);
        Assert.Equal(123456L, await db.Figures.Where(f => f.ExternalId == "PG-F1").Select(f => f.Value).SingleAsync());
        Assert.True(await db.Events.AnyAsync(e => e.Key == "PGE1"));
        Assert.Empty(staff.Problems);
    }
}
