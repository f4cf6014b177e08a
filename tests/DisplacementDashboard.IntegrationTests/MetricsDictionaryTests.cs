using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>The public data dictionary (/metrics) and the definitions metric names carry on other pages.</summary>
public sealed partial class MetricsDictionaryTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private async Task<string> GetPageAsync(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MetricsPage_ListsEveryStoredMetric_WithItsDefinition_AndTheFiguresTheStoreShows()
    {
        await using var db = factory.CreateContext();
        var metrics = await db.Metrics.Select(m => new { m.Id, m.Code, m.Name, m.Description }).ToListAsync();
        var counts = await db.Figures.Where(f => !f.IsRetracted).GroupBy(f => f.MetricId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.N);
        Assert.Contains(counts.Values, n => n > 1);

        var html = await GetPageAsync("/metrics");

        var matches = RowPattern().Matches(html);
        Assert.All(matches, m => Assert.Equal(m.Groups["code"].Value, m.Groups["id"].Value)); // the row is the anchor /metrics#code
        var rows = matches.ToDictionary(m => m.Groups["code"].Value, m => m.Groups["row"].Value, StringComparer.Ordinal);
        Assert.Equal(metrics.Select(m => m.Code).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        Assert.Contains($"{metrics.Count} metrics", html, StringComparison.Ordinal);
        foreach (var m in metrics)
        {
            var row = rows[m.Code];
            Assert.Contains(m.Name, row, StringComparison.Ordinal);
            if (m.Description is { } description)
            {
                Assert.Contains(description, row, StringComparison.Ordinal);
            }

            var figures = FiguresPattern().Match(row);
            Assert.True(figures.Success, m.Code);
            Assert.Equal($"/figures?metric={m.Code}", figures.Groups["href"].Value);
            Assert.Equal(counts.GetValueOrDefault(m.Id), int.Parse(figures.Groups["n"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task MetricsPage_SearchAndKind_InTheAddress_KeepOnlyTheMatchingMetrics()
    {
        await using var db = factory.CreateContext();
        var money = await db.Metrics.Where(m => m.Kind == MetricKind.Money).Select(m => m.Code).ToListAsync();
        Assert.NotEmpty(money);

        var byKind = await GetPageAsync("/metrics?kind=money");
        var bySearch = await GetPageAsync("/metrics?q=cumulative_arrivals_in");

        Assert.Equal(money.Order(StringComparer.Ordinal), RowPattern().Matches(byKind).Select(m => m.Groups["code"].Value).Order(StringComparer.Ordinal));
        Assert.Equal(["cumulative_arrivals_in_armenia"], RowPattern().Matches(bySearch).Select(m => m.Groups["code"].Value));
    }

    [Fact]
    public async Task ASourcePage_GivesEachMetricNameItsDefinition_AsTheLinksDescription()
    {
        await using var db = factory.CreateContext();
        var figure = await db.Figures.Where(f => !f.IsRetracted && f.Metric.Description != null)
            .Select(f => new { f.SourceId, f.Metric.Code, f.Metric.Description }).FirstAsync();

        var html = await GetPageAsync($"/sources/{figure.SourceId}");

        var link = Regex.Match(html, $"<a href=\"/metrics#{Regex.Escape(figure.Code)}\" class=\"dd-metric-name\"[^>]*aria-describedby=\"(?<id>[^\"]+)\"");
        Assert.True(link.Success, "no metric link with a description");
        Assert.Contains($"<span role=\"tooltip\" id=\"{link.Groups["id"].Value}\" class=\"dd-metric-tip\" data-testid=\"metric-definition\">{figure.Description}</span>", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<tr id=\"(?<id>[^\"]+)\" data-testid=\"metric-row\" data-code=\"(?<code>[^\"]+)\"(?<row>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\" data-testid=\"metric-row-figures\"[^>]*>(?<n>[0-9,. ]+)</a>")]
    private static partial Regex FiguresPattern();
}

/// <summary>The definitions lookup behind every metric name: one read, kept until the next committed change.</summary>
public sealed class MetricDefinitionsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Definitions_AreKeptUntilTheNextChange_ThenReadAgain()
    {
        var definitions = factory.Services.GetRequiredService<MetricDefinitions>();
        var before = await definitions.GetAsync();
        await using (var db = factory.CreateContext())
        {
            var metric = await db.Metrics.SingleAsync(m => m.Code == "arrivals_on_day");
            metric.Description = "People who crossed into Armenia on that day (changed by a test).";
            await db.SaveChangesAsync();
        }

        var cached = await definitions.GetAsync();
        await factory.Services.GetRequiredService<FigureChangeNotifier>().NotifyAsync();
        var after = await definitions.GetAsync();

        Assert.Same(before, cached);
        Assert.NotEqual("People who crossed into Armenia on that day (changed by a test).", before["arrivals_on_day"].Definition);
        Assert.Equal("People who crossed into Armenia on that day (changed by a test).", after["arrivals_on_day"].Definition);
    }
}
