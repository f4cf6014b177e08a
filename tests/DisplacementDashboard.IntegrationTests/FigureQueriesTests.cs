using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// The dashboards' reads run as precompiled queries; each must return exactly what the general filter path returns
/// for the same filter (a no-op lower date bound sends a filter down the general path).
/// </summary>
public sealed class FigureQueriesTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly string[] OverviewMetrics =
    [
        WellKnown.CumulativeArrivals, WellKnown.PrePopulation, WellKnown.PlannedCapacity, WellKnown.Accommodation,
        WellKnown.DepotDeaths, WellKnown.DepotInjured, WellKnown.DepotMissing,
    ];

    [Fact]
    public async Task MetricFilter_Compiled_EqualsGeneralPath_AndLeavesOutRetracted()
    {
        var retracted = await RetractOneAsync(WellKnown.CumulativeArrivals);
        var queries = new FigureQueries(factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());

        var compiled = await queries.GetFiguresAsync(new FigureFilter(OverviewMetrics));
        var general = await queries.GetFiguresAsync(new FigureFilter(OverviewMetrics, From: DateOnly.MinValue));

        Assert.NotEmpty(compiled);
        Assert.Equal(general, compiled);
        Assert.DoesNotContain(compiled, f => f.Id == retracted);
        Assert.All(compiled, f => Assert.Contains(f.MetricCode, OverviewMetrics));
    }

    [Fact]
    public async Task PlaceFilter_TakesInThePlacesInsideIt_InTheGridAndItsTotal()
    {
        var queries = new FigureQueries(factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        // Syunik and what lies in it, one and two levels down, straight from the store's parent links.
        var expected = await db.Figures.Where(f => !f.IsRetracted
                && (f.Location.Code == "AM-SU" || f.Location.Parent!.Code == "AM-SU" || f.Location.Parent!.Parent!.Code == "AM-SU"))
            .Select(f => f.Id).OrderBy(id => id).ToListAsync();

        var rows = await queries.GetFiguresAsync(new FigureFilter(LocationCode: "AM-SU"));
        var page = await queries.GetPageAsync(new FigureFilter(LocationCode: "AM-SU"), 0, 100, FigureSort.Date, descending: false);

        Assert.Equal(expected, rows.Select(r => r.Id).Order());
        Assert.Contains(rows, r => r.LocationCode == "AM-SU-GORIS");
        Assert.Contains(rows, r => r.LocationCode == "AM-SU-KORNIDZOR");
        Assert.Contains(rows, r => r.LocationCode == "AM-SU");
        Assert.Equal(expected.Count, page.Total);
        // A place with nothing inside it is just itself.
        Assert.All(await queries.GetFiguresAsync(new FigureFilter(LocationCode: "AM-SU-GORIS")), r => Assert.Equal("AM-SU-GORIS", r.LocationCode));
    }

    [Fact]
    public async Task SourceFilter_Compiled_EqualsGeneralPath()
    {
        var queries = new FigureQueries(factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
        await using var db = factory.CreateContext();
        // The source with the most figures, so order within a day matters.
        var sourceId = await db.Figures.GroupBy(f => f.SourceId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        // A later-saved figure (higher id) that is earlier in its day than the source's first figure: order must follow time, not id.
        var firstDay = await db.Figures.Where(f => f.SourceId == sourceId).MinAsync(f => f.ReferenceDate);
        var editor = await Staff.CreateAsync(factory.Services, $"order-{Guid.NewGuid():N}@example.org", StaffRoles.Editor);
        var saved = await factory.Services.GetRequiredService<FigureEditor>().CreateAsync(editor, new FigureInput
        {
            MetricCode = WellKnown.ArrivalsOnDay,
            LocationCode = WellKnown.Armenia,
            UnitCode = WellKnown.People,
            Date = firstDay,
            Time = new TimeOnly(0, 1),
            ValueText = "7",
            SourceId = sourceId,
            // Saved past any plausibility warning against the seed: this test is not about them (PlausibilityTests).
            WarningReason = "test figure",
        }, confirmDuplicate: true);
        Assert.Equal(EditStatus.Saved, saved.Status);

        var compiled = await queries.GetFiguresAsync(new FigureFilter(SourceId: sourceId));
        var general = await queries.GetFiguresAsync(new FigureFilter(SourceId: sourceId, From: DateOnly.MinValue));

        Assert.True(compiled.Count > 1);
        Assert.Equal(general, compiled);
        var sameDayTimed = compiled.Where(f => f.Date == firstDay && f.Time is not null).Select(f => f.Id).ToList();
        Assert.True(sameDayTimed.Count > 1);
        Assert.Equal(saved.Id, sameDayTimed[0]);
        Assert.All(compiled, f => Assert.Equal(sourceId, f.SourceId));
    }

    [Fact]
    public async Task AidFigures_AreTheMoneyAndAssistanceFigures_InDateOrder()
    {
        var queries = new FigureQueries(factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());

        var aid = await queries.GetAidFiguresAsync();
        var expected = (await queries.GetFiguresAsync(new FigureFilter(From: DateOnly.MinValue)))
            .Where(f => f.MetricKind == MetricKind.Money || AidGrouping.IsAssistance(f))
            .ToList();

        Assert.NotEmpty(aid);
        Assert.Equal(expected, aid);
    }

    [Fact]
    public async Task Events_AreAllEvents_ByDate()
    {
        var queries = new FigureQueries(factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
        await using var db = factory.CreateContext();

        var events = await queries.GetEventsAsync();

        Assert.Equal(await db.Events.CountAsync(), events.Count);
        Assert.Equal(events.OrderBy(e => e.Date).Select(e => e.Id), events.Select(e => e.Id));
    }

    [Fact]
    public async Task GridPage_Disagreements_AreJudgedAgainstEveryShownFigure()
    {
        var queries = new FigureQueries(factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
        var all = await queries.GetFiguresAsync(new FigureFilter(From: DateOnly.MinValue));
        var everyDisagreement = Core.Series.ConflictDetector.Find(all);
        Assert.NotEmpty(everyDisagreement);

        // Every page of the grid, by date: each page's badges are exactly the store-wide disagreements of its rows.
        var seen = 0;
        for (var skip = 0; skip < all.Count; skip += 25)
        {
            var page = await queries.GetPageAsync(new FigureFilter(), skip, 25, FigureSort.Date, false);
            var expected = page.Rows.Where(r => everyDisagreement.ContainsKey(r.Id)).ToDictionary(r => r.Id, r => everyDisagreement[r.Id]);
            Assert.Equal(expected.Keys.Order(), page.Disagreements.Keys.Order());
            foreach (var (id, disagreement) in page.Disagreements)
            {
                Assert.Equal(expected[id].Kind, disagreement.Kind);
                Assert.Equal(expected[id].Others.Select(o => o.Id).Order(), disagreement.Others.Select(o => o.Id).Order());
            }

            seen += page.Disagreements.Count;
        }

        Assert.Equal(everyDisagreement.Count, seen);
    }

    [Fact]
    public async Task FilterOptions_ListEveryMetricPlaceAndSource_InTheirOrder()
    {
        var queries = new FigureQueries(factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
        await using var db = factory.CreateContext();

        var options = await queries.GetFilterOptionsAsync();

        Assert.Equal(await db.Metrics.OrderBy(m => m.Name).Select(m => m.Code).ToListAsync(), options.Metrics.Select(o => o.Value));
        Assert.Equal(await db.Locations.OrderBy(l => l.Code).Select(l => l.Name).ToListAsync(), options.Locations.Select(o => o.Label));
        Assert.Equal((await db.Sources.OrderBy(s => s.Key).Select(s => s.Id).ToListAsync()).Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)), options.Sources.Select(o => o.Value));
    }

    [Fact]
    public async Task CompiledQueries_RunAgainstEveryModelInTheProcess()
    {
        // A store built with other options has its own EF model; a compiled query bound to one model refuses another.
        var seed = new Core.Seeding.SeedReader().ReadDirectory(Path.Combine(AppContext.BaseDirectory, "seed"));
        await using var isolated = await IsolatedStore.CreateAsync(seed, seed.Sources, []);
        await using var isolatedContext = isolated.CreateDbContext();
        await using var appContext = factory.CreateContext();
        Assert.NotSame(appContext.Model, isolatedContext.Model);

        var fromApp = await new FigureQueries(factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>()).GetFiguresAsync(new FigureFilter(OverviewMetrics));
        var fromIsolated = await new FigureQueries(isolated).GetFiguresAsync(new FigureFilter(OverviewMetrics));
        var fromAppAgain = await new FigureQueries(factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>()).GetFiguresAsync(new FigureFilter(OverviewMetrics));

        Assert.NotEmpty(fromApp);
        Assert.Equal(fromApp, fromAppAgain);
        Assert.Empty(fromIsolated); // reference data only, no figures
    }

    private async Task<int> RetractOneAsync(string metricCode)
    {
        var editor = await Staff.CreateAsync(factory.Services, $"retract-{Guid.NewGuid():N}@example.org", StaffRoles.Editor);
        await using var db = factory.CreateContext();
        var figure = await db.Figures.Where(f => f.Metric.Code == metricCode && !f.IsRetracted).OrderBy(f => f.Id).Select(f => new { f.Id, f.Version }).FirstAsync();
        var result = await factory.Services.GetRequiredService<FigureEditor>().RetractAsync(editor, figure.Id, figure.Version, "test: retracted figures stay off the dashboards");
        Assert.Equal(EditStatus.Saved, result.Status);
        return figure.Id;
    }
}
