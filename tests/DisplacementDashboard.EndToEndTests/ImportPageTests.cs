using DisplacementDashboard.Core.Data;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>The import page's drop zone in a real browser: a dropped file takes the same path as one chosen in the dialog.</summary>
public sealed class ImportPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Header = "figure_id,revision,external_id,metric,location,date,time,value,unit,qualifier,source,source_title,source_publisher,source_url,source_published,note";

    private DashboardDbContext OpenStore() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);

    [Fact]
    public async Task AFileDroppedOnTheZone_IsPreviewed_AndCommittingWritesIt()
    {
        var note = $"dropped-{Guid.NewGuid():N}";
        // Between the seed's neighbours (at least 100,000 on 29 Sep, 100,483 at noon on 1 Oct): no plausibility warning, so no reason is asked.
        var csv = $"{Header}\n,,,cumulative_arrivals_in_armenia,AM,2023-09-30,,100450,people,exact,S001,,,,,{note}\n";
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync("/import");
        await Assertions.Expect(staff.Page.GetByTestId("import-file")).ToBeEnabledAsync();

        // What a drag from the file manager delivers: a drop event whose DataTransfer holds the file.
        var transfer = await staff.Page.EvaluateHandleAsync(
            "text => { const t = new DataTransfer(); t.items.add(new File([text], 'dropped.csv', { type: 'text/csv' })); return t; }", csv);
        var zone = staff.Page.GetByTestId("import-drop");
        await zone.DispatchEventAsync("dragover", new { dataTransfer = transfer });
        await zone.DispatchEventAsync("drop", new { dataTransfer = transfer });

        await Assertions.Expect(staff.Page.GetByRole(AriaRole.Heading, new() { Name = "Preview of dropped.csv" })).ToBeVisibleAsync();
        await Assertions.Expect(staff.Page.GetByTestId("import-summary")).ToContainTextAsync("1 new, 0 to correct, 0 unchanged, 0 with errors");
        await using (var before = OpenStore())
        {
            Assert.False(await before.Figures.AnyAsync(f => f.Note == note)); // a preview writes nothing
        }

        await staff.Page.GetByTestId("import-commit").ClickAsync();

        await Assertions.Expect(staff.Page.GetByTestId("import-message")).ToContainTextAsync("Imported dropped.csv: 1 new, 0 corrected, 0 unchanged");
        await using var after = OpenStore();
        var written = await after.Figures.Where(f => f.Note == note).Select(f => new { f.Value, Metric = f.Metric.Code, f.UnitCode }).SingleAsync();
        Assert.Equal((100450L, "cumulative_arrivals_in_armenia", "people"), (written.Value, written.Metric, written.UnitCode));
        // The security log has the commit, with the account and the client address of the browser's connection.
        var logged = await fixture.App.WaitForLogAsync($"Import of dropped.csv committed by {BrowserFixture.AdminEmail} from 127.0.0.1: 1 new, 0 corrected, 0 unchanged");
        Assert.Contains("DisplacementDashboard.Security[3001]", logged, StringComparison.Ordinal);
        // After a commit the zone takes a new file again.
        await Assertions.Expect(staff.Page.GetByTestId("import-file")).ToBeEnabledAsync();
        Assert.Empty(staff.Problems);
    }

    private static async Task AssertAxeAsync(IPage page, string state)
    {
        var serious = await Axe.SeriousViolationsAsync(page, state);
        Assert.True(serious.Count == 0, string.Join('\n', serious));
    }

    [Fact]
    public async Task AFileBringingANewSource_ShowsItInThePreview_AndTheCommitCreatesIt()
    {
        var key = $"unicef-{Guid.NewGuid():N}"[..30];
        var csv = $"{Header}\n" +
                  $",,,cumulative_arrivals_in_armenia,AM,2023-10-05,,100640,people,approximate,{key},UNICEF Armenia Humanitarian Situation Report No. 2,UNICEF,https://www.unicef.org/documents/armenia-humanitarian-situation-report-no-2,2023-10-06,\n" +
                  $",,,cumulative_arrivals_in_armenia,AM,2023-10-06,,100650,people,approximate,{key},,,,,\n";
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync("/import");
        await Assertions.Expect(staff.Page.GetByTestId("import-file")).ToBeEnabledAsync();

        await staff.Page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "unicef.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });

        var sources = staff.Page.GetByTestId("import-new-sources");
        await Assertions.Expect(sources).ToContainTextAsync(key);
        await Assertions.Expect(sources).ToContainTextAsync("UNICEF Armenia Humanitarian Situation Report No. 2");
        await Assertions.Expect(sources).ToContainTextAsync("6 Oct 2023");
        await Assertions.Expect(staff.Page.GetByTestId("row-new-source")).ToHaveCountAsync(2);
        await Assertions.Expect(staff.Page.GetByTestId("import-summary")).ToContainTextAsync("2 new, 0 to correct, 0 unchanged, 0 with errors");
        await AssertAxeAsync(staff.Page, "import preview with a new source");
        await staff.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "import-new-source-1366.png"), FullPage = true });
        await staff.Page.SetViewportSizeAsync(390, 844);
        await staff.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "import-new-source-390.png"), FullPage = true });
        await using (var before = OpenStore())
        {
            Assert.False(await before.Sources.AnyAsync(s => s.Key == key));
        }

        await staff.Page.GetByTestId("import-commit").ClickAsync();

        await Assertions.Expect(staff.Page.GetByTestId("import-message")).ToContainTextAsync($"2 new, 0 corrected, 0 unchanged; 1 new source ({key})");
        await using var after = OpenStore();
        var source = await after.Sources.SingleAsync(s => s.Key == key);
        Assert.Equal(("UNICEF", new DateOnly(2023, 10, 6)), (source.Publisher, source.Published!.Value));
        Assert.Equal([100640L, 100650L], await after.Figures.Where(f => f.SourceId == source.Id).OrderBy(f => f.Value).Select(f => f.Value).ToListAsync());
        Assert.Empty(staff.Problems);
    }

    [Fact]
    public async Task AZipWithWarnedFigures_ShowsTheWarnings_AndImportsOnlyWithAReason()
    {
        var p = $"zw{Guid.NewGuid():N}"[..10];
        byte[] zip;
        using (var output = new MemoryStream())
        {
            using (var archive = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, text) in new[]
                {
                    ("locations.csv", $"code,name,parent,level\nAM-{p},Test region {p},AM,region\n"),
                    ("sources.csv", $"id,title,publisher,published,url,kind\n{p}S,Shelter update,Test NGO,2023-10-05,,ngo\n"),
                    // 42,500 then 4,250 two days later: a dropped digit, within the file.
                    ("figures.csv", $"{Header}\n,,{p}-1,cumulative_arrivals_in_armenia,AM-{p},2023-10-01,,42500,people,exact,{p}S,,,,,\n,,{p}-2,cumulative_arrivals_in_armenia,AM-{p},2023-10-03,,4250,people,exact,{p}S,,,,,\n"),
                })
                {
                    await using var entry = archive.CreateEntry(name).Open();
                    await entry.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text));
                }
            }

            zip = output.ToArray();
        }

        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync("/import");
        await Assertions.Expect(staff.Page.GetByTestId("import-file")).ToBeEnabledAsync();

        await staff.Page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = $"{p}.zip", MimeType = "application/zip", Buffer = zip });

        var warnings = staff.Page.GetByTestId("import-warning");
        await Assertions.Expect(warnings).ToHaveCountAsync(2);
        await Assertions.Expect(warnings.Nth(1).Locator("td").First).ToHaveTextAsync("3");
        await Assertions.Expect(warnings.Nth(1)).ToContainTextAsync("42,500");
        await Assertions.Expect(staff.Page.GetByTestId("bundle-rows")).ToContainTextAsync("warning, value:");
        var commit = staff.Page.GetByTestId("import-commit");
        await Assertions.Expect(commit).ToBeDisabledAsync();
        await AssertAxeAsync(staff.Page, "six-file preview with plausibility warnings");
        await staff.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "import-bundle-warnings-1366.png"), FullPage = true });
        await staff.Page.SetViewportSizeAsync(390, 844);
        await staff.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "import-bundle-warnings-390.png"), FullPage = true });
        Assert.True(await staff.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), await staff.Page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 12).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(' | ')"));

        await staff.Page.Locator("#import-warning-reason").FillAsync("the update gives both values");
        await Assertions.Expect(commit).ToBeEnabledAsync();
        await commit.ClickAsync();

        await Assertions.Expect(staff.Page.GetByTestId("import-message")).ToContainTextAsync($"Imported {p}.zip: ");
        await using var after = OpenStore();
        var ids = await after.Figures.Where(f => f.Source.Key == $"{p}S").Select(f => f.Id).ToListAsync();
        Assert.Equal(2, ids.Count);
        var reasons = await after.Revisions.Where(r => r.EntityType == "figure" && ids.Contains(r.EntityId)).Select(r => r.Reason!).ToListAsync();
        Assert.All(reasons, r => Assert.Contains("Saved past plausibility warnings: the update gives both values (accepted: ", r, StringComparison.Ordinal));
        Assert.Empty(staff.Problems);
    }

    [Fact]
    public async Task TheTemplate_Downloads_AndTheValidCodes_OpenFromTheKeyboard()
    {
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync("/import");
        var page = staff.Page;
        await Assertions.Expect(page.GetByTestId("import-codes")).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("import-template").ClickAsync());
        Assert.Equal("figures-import-template.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        Assert.Equal(Header, lines[0]);
        Assert.StartsWith("#", lines[1], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);

        var metrics = page.Locator(".mud-expand-panel-header", new() { HasText = "Metrics (" });
        await metrics.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("import-codes").GetByText("cumulative_arrivals_in_armenia", new() { Exact = true })).ToBeVisibleAsync();
        await AssertAxeAsync(page, "import page with the metric codes open");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "import-codes-1366.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "import-codes-390.png"), FullPage = true });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
        Assert.Empty(staff.Problems);
    }

    [Fact]
    public async Task TheDropZone_IsOneLabelledFileInput_ReachableByKeyboard()
    {
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync("/import");
        var input = staff.Page.GetByTestId("import-file");
        await Assertions.Expect(input).ToBeEnabledAsync();

        await Assertions.Expect(input).ToHaveAttributeAsync("type", "file");
        await Assertions.Expect(input).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex("CSV or zip file to import"));
        // The transparent input covers the zone, so a click anywhere on the zone reaches the browser's file dialog.
        var zoneBox = (await staff.Page.GetByTestId("import-drop").BoundingBoxAsync())!;
        var inputBox = (await input.BoundingBoxAsync())!;
        Assert.True(inputBox.Width >= zoneBox.Width - 1 && inputBox.Height >= zoneBox.Height - 1, $"input {inputBox.Width}x{inputBox.Height}, zone {zoneBox.Width}x{zoneBox.Height}");
        var chooser = staff.Page.WaitForFileChooserAsync();
        await input.FocusAsync();
        await staff.Page.Keyboard.PressAsync("Enter");
        Assert.False((await chooser).IsMultiple);
        Assert.Empty(staff.Problems);
    }
}
