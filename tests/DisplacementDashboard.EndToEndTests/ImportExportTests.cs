using System.Globalization;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

public sealed class ImportExportTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static DashboardDbContext OpenStore(string path) =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={path}").Options);

    /// <summary>Every live figure as comparable text, keyed by what it says rather than by row id.</summary>
    private static async Task<List<string>> FiguresAsync(string path)
    {
        await using var db = OpenStore(path);
        var rows = await db.Figures.Where(f => !f.IsRetracted)
            .Select(f => new { Metric = f.Metric.Code, Location = f.Location.Code, f.ReferenceDate, f.LocalTime, f.Value, f.UnitCode, f.Qualifier, Source = f.Source.Key, f.Note })
            .ToListAsync();
        return rows.Select(r => string.Join('|', r.Metric, r.Location, r.ReferenceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.LocalTime?.ToString("HH:mm", CultureInfo.InvariantCulture), r.Value.ToString(CultureInfo.InvariantCulture), r.UnitCode, r.Qualifier, r.Source, r.Note))
            .Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task ExportDownloadedFromThePage_ImportsIntoAFreshStoreThroughThePage()
    {
        // 1. Export from the seeded app, as anyone can.
        await using var exporter = await WatchedPage.OpenAsync(fixture);
        await exporter.GotoAsync("/export");
        var download = await exporter.Page.RunAndWaitForDownloadAsync(() => exporter.Page.GetByTestId("download-csv").ClickAsync());
        var file = Path.Combine(AppProcess.NewDirectory(), download.SuggestedFilename);
        await download.SaveAsAsync(file);
        Assert.Matches("^figures.*\\.csv$", download.SuggestedFilename);
        var expected = await FiguresAsync(fixture.App.DatabasePath);

        // 2. A fresh store: same reference data (units, metrics, places, sources, events), no figures.
        var freshDirectory = AppProcess.NewDirectory();
        var seed = Path.Combine(freshDirectory, "seed");
        Directory.CreateDirectory(seed);
        var appSeed = Path.Combine(AppContext.BaseDirectory, "seed");
        foreach (var csv in Directory.GetFiles(appSeed, "*.csv"))
        {
            var target = Path.Combine(seed, Path.GetFileName(csv));
            if (Path.GetFileName(csv) == "figures.csv")
            {
                File.WriteAllLines(target, File.ReadLines(csv).Take(1));
            }
            else
            {
                File.Copy(csv, target);
            }
        }

        var environment = new Dictionary<string, string> { ["Data__SeedDirectory"] = seed };
        var (exit, output) = await AppProcess.RunCommandAsync(freshDirectory, BrowserFixture.AdminPassword, environment, "create-admin", "--email", BrowserFixture.AdminEmail);
        Assert.True(exit == 0, output);
        await using var fresh = await AppProcess.StartAsync(freshDirectory, environment);
        Assert.Empty(await FiguresAsync(fresh.DatabasePath));

        // 3. Import the downloaded file through the page: preview, then commit.
        await using var importer = await WatchedPage.OpenAsync(fixture.Browser, fresh);
        await importer.SignInAsync("/import");
        await Assertions.Expect(importer.Page.GetByTestId("import-file")).ToBeEnabledAsync(); // interactive and listening
        await importer.Page.GetByTestId("import-file").SetInputFilesAsync(file);
        await Assertions.Expect(importer.Page.GetByTestId("import-summary")).ToContainTextAsync($"{expected.Count} new");
        await importer.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "import-preview.png"), FullPage = true });
        // The seed's own sources disagree (a later running total below an earlier one of another source): those rows
        // carry plausibility warnings, and the commit waits for a reason.
        await Assertions.Expect(importer.Page.GetByTestId("import-warning").First).ToBeVisibleAsync();
        await Assertions.Expect(importer.Page.GetByTestId("import-commit")).ToBeDisabledAsync();
        await importer.Page.Locator("#import-warning-reason").FillAsync("the store's own export: the sources disagree as published");
        await importer.Page.GetByTestId("import-commit").ClickAsync();
        await Assertions.Expect(importer.Page.GetByTestId("import-message")).ToContainTextAsync($"{expected.Count} new");

        Assert.Equal(expected, await FiguresAsync(fresh.DatabasePath));
        await using (var db = OpenStore(fresh.DatabasePath))
        {
            Assert.Equal(expected.Count, await db.Revisions.CountAsync(r => r.EntityType == "figure" && r.ImportFile == download.SuggestedFilename && r.ImportSha256 != null));
        }

        // 4. The same file again changes nothing (a fresh file input after the commit).
        await Assertions.Expect(importer.Page.GetByTestId("import-file")).ToBeEnabledAsync();
        await importer.Page.GetByTestId("import-file").SetInputFilesAsync(file);
        await Assertions.Expect(importer.Page.GetByTestId("import-summary")).ToContainTextAsync($"{expected.Count} unchanged");
        await Assertions.Expect(importer.Page.GetByTestId("import-commit")).ToBeDisabledAsync();

        SqliteConnection.ClearAllPools();
        Assert.Empty(exporter.Problems);
        Assert.Empty(importer.Problems);
    }

    [Fact]
    public async Task ImportOfABadFile_ShowsRowColumnAndReason_AndOffersNoCommit()
    {
        var file = Path.Combine(AppProcess.NewDirectory(), "bad.csv");
        var header = string.Join(',', "figure_id", "revision", "external_id", "metric", "location", "date", "time", "value", "unit", "qualifier",
            "source", "source_title", "source_publisher", "source_url", "source_published", "note");
        await File.WriteAllLinesAsync(file, [header, ",,,cumulative_arrivals_in_armenia,AM,2023-09-31,,-5,people,exact,S001,,,,,"]);
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync("/import");
        await Assertions.Expect(staff.Page.GetByTestId("import-file")).ToBeEnabledAsync();

        await staff.Page.GetByTestId("import-file").SetInputFilesAsync(file);

        var errors = staff.Page.GetByTestId("import-errors");
        await Assertions.Expect(errors).ToContainTextAsync("date");
        await Assertions.Expect(errors).ToContainTextAsync("value");
        await Assertions.Expect(staff.Page.GetByTestId("import-commit")).ToHaveCountAsync(0);
        await staff.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "import-errors.png"), FullPage = true });
        Assert.Empty(staff.Problems);
    }
}
