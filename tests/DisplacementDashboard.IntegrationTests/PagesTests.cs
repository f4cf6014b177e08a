using System.Globalization;
using System.Net;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

public class PagesTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    private async Task<string> GetPageAsync(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/timeline")]
    [InlineData("/timeline?from=2022-12-01&to=2023-12-31")]
    [InlineData("/shelter")]
    [InlineData("/aid")]
    [InlineData("/figures")]
    [InlineData("/sources")]
    [InlineData("/changes")]
    [InlineData("/changes?page=2")]
    [InlineData("/figures?verified=true")]
    [InlineData("/healthz")]
    public async Task Page_Answers200(string path)
    {
        var html = await GetPageAsync(path);
        Assert.False(string.IsNullOrWhiteSpace(html));
    }

    [Fact]
    public async Task Overview_ShowsLatestArrivalsFromTheStore_WithItsSource()
    {
        await using var db = factory.CreateContext();
        var latest = await db.Figures.Where(f => f.Metric.Code == WellKnown.CumulativeArrivals && f.UnitCode == WellKnown.People)
            .OrderByDescending(f => f.ReferenceDate).Select(f => new { f.Value, f.Source.Title }).FirstAsync();

        var html = await GetPageAsync("/");

        Assert.Contains("data-testid=\"kpi-arrivals\"", html, StringComparison.Ordinal);
        Assert.Contains(latest.Value.ToString("N0", EnGb), html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(latest.Title), html, StringComparison.Ordinal);
        foreach (var card in new[] { "kpi-share", "kpi-preparation", "kpi-accommodation", "kpi-casualties" })
        {
            Assert.Contains($"data-testid=\"{card}-value\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Timeline_TableListsEveryCumulativeFigureInTheWindow()
    {
        await using var db = factory.CreateContext();
        var values = await db.Figures
            .Where(f => f.Metric.Code == WellKnown.CumulativeArrivals && f.Location.Code == WellKnown.Armenia
                        && f.ReferenceDate >= TimelineBuilder.DefaultFrom && f.ReferenceDate <= TimelineBuilder.DefaultTo)
            .Select(f => f.Id).ToListAsync();

        var html = await GetPageAsync("/timeline");

        Assert.NotEmpty(values);
        foreach (var id in values)
        {
            Assert.Contains($"data-figure-id=\"{id}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("data-testid=\"chart-timeline\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"crossing\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_BadDateInUrl_ExplainsAndFallsBack()
    {
        var html = await GetPageAsync("/timeline?from=yesterday");

        Assert.Contains("is not a date in the form yyyy-MM-dd", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/timeline?to=9999-12-31", "'9999-12-31' in 'to' is outside the dates the store holds")]
    [InlineData("/timeline?from=0001-01-01", "'0001-01-01' in 'from' is outside the dates the store holds")]
    [InlineData("/timeline?from=0001-01-01&to=9999-12-31", "'0001-01-01' in 'from'")]
    [InlineData("/timeline?from=0001-01-01&to=9999-12-31", "'9999-12-31' in 'to'")]
    [InlineData("/timeline?from=2023-09-30&to=2023-09-01", "The start (2023-09-30) is after the end (2023-09-01)")]
    [InlineData("/shelter?snapshot=9999-12-31", "'9999-12-31' in 'snapshot' is not one of the published marz snapshots")]
    [InlineData("/shelter?snapshot=%3Cb%3Ex", "'<b>x' in 'snapshot' is not one of the published marz snapshots")]
    public async Task OutOfRangeOrUnknownParameter_Answers200_WithAMessageNamingIt_AndTheDefaultView(string path, string message)
    {
        var html = await GetPageAsync(path);

        Assert.Contains(message, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chart-", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shelter_APublishedSnapshotInTheAddress_IsShownWithoutAMessage()
    {
        var model = await factory.Services.GetRequiredService<IDashboardService>().GetShelterAsync(null);
        Assert.True(model.Snapshots.Count >= 2, "the seed has more than one marz snapshot");
        var earliest = model.Snapshots[0];
        Assert.NotEqual(model.Selected?.Snapshot.Key, earliest.Key); // the default is another one

        var html = await GetPageAsync("/shelter?snapshot=" + Uri.EscapeDataString(earliest.Key));

        Assert.DoesNotContain("data-testid=\"snapshot-error\"", html, StringComparison.Ordinal);
        Assert.Contains($"by marz, {FigureFormat.When(earliest.Date, earliest.Time, EnGb)}", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/sources/999999")]
    [InlineData("/figures/999999/history")]
    public async Task MissingPageOrRecord_Is404_WithTheNotFoundPage_AndNoStackTrace(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("not found", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shelter_ShowsMarzSumAndTheStatedTotal()
    {
        var shelter = await factory.Services.GetRequiredService<IDashboardService>().GetShelterAsync(null);
        var selected = Assert.IsType<MarzBreakdown>(shelter.Selected);

        var html = await GetPageAsync("/shelter");

        Assert.Contains(selected.Sum.ToString("N0", EnGb), html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chart-shelter\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chart-marz\"", html, StringComparison.Ordinal);
        if (selected.StatedTotal is { } stated)
        {
            Assert.Contains(stated.Value.ToString("N0", EnGb), html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Aid_HasOneTablePerCurrency_AndNoTotals()
    {
        await using var db = factory.CreateContext();
        var currencies = await db.Figures.Where(f => f.Unit.Kind == Core.Domain.UnitKind.Money).Select(f => f.UnitCode).Distinct().ToListAsync();

        var html = await GetPageAsync("/aid");

        Assert.True(currencies.Count > 1);
        foreach (var currency in currencies)
        {
            Assert.Contains($"data-testid=\"aid-{currency}\"", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(">Total<", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sources_ListsEverySource_AndASourcePageListsItsFigures()
    {
        await using var db = factory.CreateContext();
        var count = await db.Sources.CountAsync();
        var source = await db.Sources.OrderByDescending(s => s.Figures.Count).Select(s => new { s.Id, s.Title, Count = s.Figures.Count }).FirstAsync();

        var list = await GetPageAsync("/sources");
        var page = await GetPageAsync($"/sources/{source.Id}");

        Assert.Contains($"{count} sources", list, StringComparison.Ordinal);
        Assert.Contains($"Figures from this source ({source.Count})", page, StringComparison.Ordinal);
    }
}
