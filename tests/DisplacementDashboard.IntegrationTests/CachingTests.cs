using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>The read caches (dashboard models, grid totals) last exactly until the next committed change.</summary>
public class CachingTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task DashboardModel_IsReused_UntilACommittedChange()
    {
        var dashboard = factory.Services.GetRequiredService<IDashboardService>();
        var notifier = factory.Services.GetRequiredService<FigureChangeNotifier>();
        Assert.IsType<CachedDashboardService>(dashboard);

        var first = await dashboard.GetAidAsync();
        Assert.Same(first, await dashboard.GetAidAsync());

        await notifier.NotifyAsync();

        Assert.NotSame(first, await dashboard.GetAidAsync());
    }

    [Fact]
    public async Task DistinctWindows_PastTheCap_AreServedButNotKept_WhileTheCachedOnesStayShared()
    {
        var dashboard = factory.Services.GetRequiredService<IDashboardService>();
        await factory.Services.GetRequiredService<FigureChangeNotifier>().NotifyAsync(); // a fresh generation
        var from = new DateOnly(2023, 9, 1);

        var kept = await dashboard.GetTimelineAsync(from, from.AddDays(1));
        for (var days = 2; days <= CachedDashboardService.MaxEntries + 50; days++)
        {
            await dashboard.GetTimelineAsync(from, from.AddDays(days));
        }

        var beyond = from.AddDays(CachedDashboardService.MaxEntries + 40);
        var once = await dashboard.GetTimelineAsync(from, beyond);
        var again = await dashboard.GetTimelineAsync(from, beyond);

        Assert.Same(kept, await dashboard.GetTimelineAsync(from, from.AddDays(1)));
        Assert.NotSame(once, again);
        Assert.Equal(once.Cumulative.Select(f => f.Id), again.Cumulative.Select(f => f.Id));
        Assert.NotEmpty(once.Cumulative);
    }

    [Fact]
    public async Task GridTotal_AfterASavedFigure_CountsIt()
    {
        var queries = factory.Services.GetRequiredService<IFigureQueries>();
        var before = (await queries.GetPageAsync(new FigureFilter(), 0, 25, FigureSort.Date, false)).Total;
        var editor = await Staff.CreateAsync(factory.Services, "cache@example.org", StaffRoles.Editor);
        await using var db = factory.CreateContext();
        var source = await db.Sources.Select(s => s.Id).FirstAsync();

        var saved = await factory.Services.GetRequiredService<FigureEditor>().CreateAsync(editor, new FigureInput
        {
            MetricCode = WellKnown.ArrivalsOnDay,
            LocationCode = WellKnown.Armenia,
            UnitCode = WellKnown.People,
            Date = new DateOnly(2023, 10, 2),
            Time = new TimeOnly(11, 11),
            ValueText = "123",
            SourceId = source,
            WarningReason = "test figure",
        }, confirmDuplicate: true);

        Assert.Equal(EditStatus.Saved, saved.Status);
        Assert.Equal(before + 1, (await queries.GetPageAsync(new FigureFilter(), 0, 25, FigureSort.Date, false)).Total);
    }

    [Fact]
    public async Task Timeline_AfterASavedArrivalsTotal_ShowsIt()
    {
        var dashboard = factory.Services.GetRequiredService<IDashboardService>();
        var from = new DateOnly(2023, 9, 15);
        var to = new DateOnly(2023, 10, 15);
        var before = (await dashboard.GetTimelineAsync(from, to)).Cumulative.Count;
        var editor = await Staff.CreateAsync(factory.Services, "cache-timeline@example.org", StaffRoles.Editor);
        await using var db = factory.CreateContext();
        var source = await db.Sources.Select(s => s.Id).FirstAsync();

        var saved = await factory.Services.GetRequiredService<FigureEditor>().CreateAsync(editor, new FigureInput
        {
            MetricCode = WellKnown.CumulativeArrivals,
            LocationCode = WellKnown.Armenia,
            UnitCode = WellKnown.People,
            Date = new DateOnly(2023, 10, 14),
            Time = new TimeOnly(23, 0),
            ValueText = "100640",
            SourceId = source,
            WarningReason = "test figure",
        }, confirmDuplicate: true);

        Assert.Equal(EditStatus.Saved, saved.Status);
        Assert.Equal(before + 1, (await dashboard.GetTimelineAsync(from, to)).Cumulative.Count);
    }
}
