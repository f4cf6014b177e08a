using System.Globalization;
using System.Text.RegularExpressions;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>The figures grid in a real browser: the address holds the whole view; bad values fall back with a message.</summary>
public sealed partial class FiguresGridTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // One grid row; the value cell carries the stored value and its unit.
    private const string Rows = "[data-testid=grid-figures] tbody tr.dd-figure-row";

    private DashboardDbContext OpenStore() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);

    [Fact]
    public async Task SortByValueAndPage_GoIntoTheAddress_AndAReloadShowsTheSameRows()
    {
        await using var db = OpenStore();
        // What the second page of "value, largest first" must show: grouped by unit, never across units.
        var expected = (await db.Figures.Where(f => !f.IsRetracted)
                .Select(f => new { f.Id, f.Value, f.UnitCode, Kind = f.Unit.Kind, UnitName = f.Unit.Name })
                .ToListAsync())
            .OrderBy(f => f.Kind.ToString(), StringComparer.Ordinal).ThenBy(f => f.UnitName, StringComparer.Ordinal).ThenBy(f => f.UnitCode, StringComparer.Ordinal)
            .ThenByDescending(f => f.Value).ThenBy(f => f.Id)
            .Skip(10).Take(10)
            .Select(f => $"{f.UnitCode}:{f.Value.ToString(CultureInfo.InvariantCulture)}")
            .ToList();
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.GotoAsync("/figures?pageSize=10");
        await Assertions.Expect(watched.Page.Locator(Rows)).ToHaveCountAsync(10);

        var valueHeader = watched.Page.Locator("[data-testid=grid-figures] th", new() { HasText = "Value" }).Locator(".sortable-column-header");
        await valueHeader.ClickAsync();
        await Assertions.Expect(watched.Page).ToHaveURLAsync(SortValue());
        await valueHeader.ClickAsync();
        await Assertions.Expect(watched.Page).ToHaveURLAsync(new Regex("dir=desc"));
        await watched.Page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(watched.Page).ToHaveURLAsync(new Regex("page=2"));

        var url = watched.Page.Url;
        Assert.Contains("pageSize=10", url, StringComparison.Ordinal);
        Assert.Equal(expected, await ShownAsync(watched.Page));

        await watched.Page.ReloadAsync(new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(url, watched.Page.Url);
        Assert.Equal(expected, await ShownAsync(watched.Page));
        await Assertions.Expect(watched.Page.GetByTestId("value-sort-note")).ToBeVisibleAsync();
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task ACopiedLink_SortedByMetricDescending_OpensOnThatPageAndSort()
    {
        await using var db = OpenStore();
        var names = (await db.Figures.Where(f => !f.IsRetracted).Select(f => new { f.Id, f.ReferenceDate, Name = f.Metric.Name }).ToListAsync())
            .OrderByDescending(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.ReferenceDate).ThenBy(f => f.Id)
            .Skip(20).Take(10).Select(f => f.Name).ToList();
        await using var watched = await WatchedPage.OpenAsync(fixture);

        await watched.GotoAsync("/figures?sort=metric&dir=desc&page=3&pageSize=10");

        var metrics = watched.Page.Locator(Rows).GetByTestId("figure-metric");
        await Assertions.Expect(metrics).ToHaveCountAsync(10);
        Assert.Equal(names, await metrics.AllInnerTextsAsync());
        await Assertions.Expect(watched.Page.Locator("[data-testid=grid-figures] th[aria-sort=descending]")).ToContainTextAsync("Metric");
        await Assertions.Expect(watched.Page.Locator(".mud-table-pagination-caption").Last).ToContainTextAsync("21-30");
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task BadQueryValues_FallBack_WithAMessageNamingEachParameter()
    {
        await using var db = OpenStore();
        var total = await db.Figures.CountAsync(f => !f.IsRetracted);
        await using var watched = await WatchedPage.OpenAsync(fixture);

        await watched.GotoAsync("/figures?page=abc&sort=nonsense&pageSize=100000&metric=no_such_metric");

        var problems = watched.Page.GetByTestId("view-problem");
        await Assertions.Expect(problems).ToHaveCountAsync(4);
        await Assertions.Expect(problems.Nth(0)).ToContainTextAsync("sort: “nonsense”");
        await Assertions.Expect(problems.Nth(1)).ToContainTextAsync("page: “abc”");
        await Assertions.Expect(problems.Nth(2)).ToContainTextAsync("pageSize: 100000 is more than 100");
        await Assertions.Expect(problems.Nth(3)).ToContainTextAsync("metric: “no_such_metric”");
        await Assertions.Expect(watched.Page.Locator(Rows)).ToHaveCountAsync(Math.Min(100, total));
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task APagePastTheEnd_ShowsTheLastPage_AndSaysSo()
    {
        await using var db = OpenStore();
        var total = await db.Figures.CountAsync(f => !f.IsRetracted);
        var last = (total + 24) / 25;
        await using var watched = await WatchedPage.OpenAsync(fixture);

        await watched.GotoAsync("/figures?page=999");

        await Assertions.Expect(watched.Page.GetByTestId("view-problem")).ToContainTextAsync($"page: 999 is past the last page ({last})");
        await Assertions.Expect(watched.Page).ToHaveURLAsync(new Regex($"page={last}$"));
        await Assertions.Expect(watched.Page.Locator(Rows)).ToHaveCountAsync(total - ((last - 1) * 25));
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task SearchingTheMetricFilter_PutsItInTheAddress_AndBackUndoesIt()
    {
        await using var db = OpenStore();
        var expected = await db.Figures.CountAsync(f => f.Metric.Code == WellKnown.DepotDeaths && !f.IsRetracted);
        var name = await db.Metrics.Where(m => m.Code == WellKnown.DepotDeaths).Select(m => m.Name).SingleAsync();
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.GotoAsync("/figures?sort=value");

        var metric = watched.Page.GetByLabel("Metric", new() { Exact = true });
        await metric.ClickAsync();
        await metric.PressSequentiallyAsync("depot explosion: d");
        await watched.Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = name }).ClickAsync();

        await Assertions.Expect(watched.Page).ToHaveURLAsync(new Regex($"metric={WellKnown.DepotDeaths}"));
        Assert.Contains("sort=value", watched.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(watched.Page.Locator(Rows)).ToHaveCountAsync(expected);
        foreach (var row in await watched.Page.Locator(Rows).AllAsync())
        {
            await Assertions.Expect(row.GetByTestId("figure-metric")).ToHaveTextAsync(name);
        }

        await watched.Page.GoBackAsync();
        await Assertions.Expect(watched.Page).Not.ToHaveURLAsync(new Regex("metric="));
        await Assertions.Expect(watched.Page.Locator(Rows)).ToHaveCountAsync(25);
        Assert.True(expected is > 1 and < 25);
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task OnAPhone_EachRowIsACardLedByItsValue_AndNothingScrollsSideways()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.Page.SetViewportSizeAsync(390, 844);
        await watched.GotoAsync("/figures?sort=value&dir=desc");

        var first = watched.Page.Locator(Rows).First;
        var value = first.Locator("td.dd-cell-value");
        await Assertions.Expect(value).ToBeInViewportAsync(new() { Ratio = 1 });
        var valueBox = (await value.BoundingBoxAsync())!;
        var whenBox = (await first.Locator("td.dd-cell-when").BoundingBoxAsync())!;
        Assert.True(valueBox.Y < whenBox.Y, $"value at y={valueBox.Y}, when at y={whenBox.Y}: the value must lead the card");
        Assert.True(valueBox.X >= 0 && valueBox.X + valueBox.Width <= 390, $"value spans {valueBox.X}..{valueBox.X + valueBox.Width}");
        Assert.True(await watched.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
        Assert.Empty(watched.Problems);
    }

    private static async Task<List<string>> ShownAsync(IPage page)
    {
        var cells = page.Locator(Rows).GetByTestId("figure-value");
        await Assertions.Expect(cells).ToHaveCountAsync(10);
        var shown = new List<string>();
        foreach (var cell in await cells.AllAsync())
        {
            shown.Add($"{await cell.GetAttributeAsync("data-unit")}:{await cell.Locator("[data-value]").GetAttributeAsync("data-value")}");
        }

        return shown;
    }

    [GeneratedRegex("sort=value")]
    private static partial Regex SortValue();
}
