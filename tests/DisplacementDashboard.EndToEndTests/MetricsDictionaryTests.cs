using System.Text.Json;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>Metric definitions in a real browser (hover and keyboard focus), and the OpenAPI document over real HTTP.</summary>
public sealed class MetricsDictionaryTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AMetricName_ShowsItsDefinition_OnHover_AndOnKeyboardFocus_AsItsDescription()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture, 1366);
        await watched.GotoAsync("/figures?metric=cumulative_arrivals_in_armenia&pageSize=10");
        var names = watched.Page.GetByTestId("figure-metric");
        await Assertions.Expect(names).ToHaveCountAsync(10);
        var first = names.First;
        var tip = watched.Page.Locator($"#{await first.GetAttributeAsync("aria-describedby")}");
        await Assertions.Expect(tip).ToBeHiddenAsync();

        await first.HoverAsync();
        await Assertions.Expect(tip).ToBeVisibleAsync();
        await Assertions.Expect(tip).ToHaveAttributeAsync("role", "tooltip");
        var definition = (await tip.InnerTextAsync()).Trim();
        await using (var db = new DashboardDbContext(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options))
        {
            Assert.Equal(await db.Metrics.Where(m => m.Code == "cumulative_arrivals_in_armenia").Select(m => m.Description).SingleAsync(), definition);
        }

        await watched.Page.Mouse.MoveAsync(0, 0);
        await Assertions.Expect(tip).ToBeHiddenAsync();

        // From the keyboard: Tab until the second row's name has focus; its own definition shows and is its description.
        var second = names.Nth(1);
        var secondTip = watched.Page.Locator($"#{await second.GetAttributeAsync("aria-describedby")}");
        await names.First.FocusAsync();
        await watched.Page.Keyboard.PressAsync("Tab");
        for (var i = 0; i < 20 && !await second.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await watched.Page.Keyboard.PressAsync("Tab");
        }

        Assert.True(await second.EvaluateAsync<bool>("e => e === document.activeElement"), "Tab never reached the second metric name");
        await Assertions.Expect(secondTip).ToBeVisibleAsync();
        await Assertions.Expect(second).ToHaveAccessibleDescriptionAsync(definition);
        await watched.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(secondTip).ToBeHiddenAsync();
        Assert.True(await second.EvaluateAsync<bool>("e => e === document.activeElement"), "Escape moved the focus");
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task MetricsPage_ADefinitionsAnchor_OpensOnItsRow_AndTheRowLinksToItsFigures()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture, 390);
        await watched.GotoAsync("/metrics#depot_blast_deaths");
        var row = watched.Page.Locator("tr#depot_blast_deaths");
        await Assertions.Expect(row).ToBeInViewportAsync();

        await row.GetByTestId("metric-row-figures").ClickAsync();
        await Assertions.Expect(watched.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/figures\\?metric=depot_blast_deaths$"));
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesAndTypesEveryParameter_AndEveryOperationHasASummary()
    {
        using var client = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var missing = new List<string>();
        var parameters = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                if (!operation.Value.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                {
                    missing.Add($"{name}: no summary");
                }

                if (!operation.Value.TryGetProperty("parameters", out var list))
                {
                    continue;
                }

                if (!operation.Value.GetProperty("responses").TryGetProperty("400", out _))
                {
                    missing.Add($"{name}: takes parameters but documents no 400");
                }

                foreach (var p in list.EnumerateArray())
                {
                    parameters++;
                    var label = $"{name} {p.GetProperty("name").GetString()}";
                    if (!p.TryGetProperty("description", out var d) || string.IsNullOrWhiteSpace(d.GetString()))
                    {
                        missing.Add($"{label}: no description");
                    }

                    if (!p.TryGetProperty("schema", out var s) || !s.TryGetProperty("type", out _))
                    {
                        missing.Add($"{label}: no type");
                    }
                }
            }
        }

        Assert.True(parameters >= 20, $"only {parameters} parameters in the document");
        Assert.Empty(missing);
        var figures = document.RootElement.GetProperty("paths").GetProperty("/api/figures").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        Assert.Equal("date", figures["from"].GetProperty("format").GetString());
        Assert.Equal("integer", figures["pageSize"].GetProperty("type").GetString());
        Assert.Equal(500, figures["pageSize"].GetProperty("maximum").GetInt32());
    }
}
