using System.Diagnostics;
using System.Globalization;
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
/// Two app nodes on one PostgreSQL database (two hosts in this process, each with its own services, caches and
/// notifier): a save through one reaches the other's open pages and caches within 2 s (LISTEN/NOTIFY).
/// </summary>
public sealed class SeveralNodesTests(PostgresDashboardFactory factory) : IClassFixture<PostgresDashboardFactory>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ASaveOnOneNode_ReachesTheOthersPages_AndDropsItsCachedDashboards_Within2Seconds()
    {
        await using var other = new SecondNodeFactory(factory.ConnectionString);
        await Task.WhenAll(Listening(factory.Services), Listening(other.Services));
        var dashboards = other.Services.GetRequiredService<IDashboardService>();
        var window = (From: new DateOnly(2023, 9, 19), To: new DateOnly(2023, 10, 31));
        var before = await dashboards.GetTimelineAsync(window.From, window.To);
        Assert.Same(before, await dashboards.GetTimelineAsync(window.From, window.To)); // cached on the other node

        // An open page on the other node listens like LiveRefresh does.
        var pageTold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var notifier = other.Services.GetRequiredService<FigureChangeNotifier>();
        Func<Task> handler = () =>
        {
            pageTold.TrySetResult();
            return Task.CompletedTask;
        };
        notifier.Changed += handler;
        try
        {
            var editor = await Staff.CreateAsync(factory.Services, "node-a@example.org", StaffRoles.Editor);
            var clock = Stopwatch.StartNew();
            var saved = await factory.Services.GetRequiredService<FigureEditor>().CreateAsync(editor, await InputAsync("123457"), confirmDuplicate: false);
            Assert.Equal(EditStatus.Saved, saved.Status);

            await pageTold.Task.WaitAsync(Within);
            var after = await dashboards.GetTimelineAsync(window.From, window.To);
            clock.Stop();

            Assert.NotSame(before, after);
            Assert.Contains(after.Cumulative, p => p.Value == 123457);
            Assert.DoesNotContain(before.Cumulative, p => p.Value == 123457);
            Assert.True(clock.Elapsed < Within, $"the other node saw the change after {clock.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms");

            // The figures grid's count on the other node moves too (no stale count kept there).
            var page = await other.Services.GetRequiredService<IFigureQueries>().GetPageAsync(new FigureFilter(), 0, 10, FigureSort.Date, false);
            await using var db = factory.CreateContext();
            Assert.Equal(await db.Figures.CountAsync(f => !f.IsRetracted), page.Total);
        }
        finally
        {
            notifier.Changed -= handler;
        }
    }

    [Fact]
    public async Task ANodesOwnNotice_IsNotRaisedTwiceThere()
    {
        await Listening(factory.Services);
        var channel = factory.Services.GetRequiredService<PostgresChangeChannel>();
        var received = channel.ReceivedCount;

        await channel.PublishAsync();
        await Task.Delay(500);

        Assert.Equal(received, channel.ReceivedCount);
    }

    [Fact]
    public async Task TheListener_ReconnectsAfterItsConnectionIsKilled_DropsWhatItCached_AndHearsTheOtherNodeAgain()
    {
        await using var other = new SecondNodeFactory(factory.ConnectionString);
        await Task.WhenAll(Listening(factory.Services), Listening(other.Services));
        var channel = other.Services.GetRequiredService<PostgresChangeChannel>();
        var before = channel.ReceivedCount;

        // What a server restart or a dropped network does to the listening connections of this database.
        await using (var db = factory.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'DisplacementDashboard change listener' AND datname = current_database()");
        }

        // The reconnection is raised as a change (notices sent meanwhile are lost), then notices arrive again.
        await WaitUntilAsync(() => channel.ReceivedCount > before, TimeSpan.FromSeconds(10));
        var reconnected = channel.ReceivedCount;
        await factory.Services.GetRequiredService<FigureChangeNotifier>().NotifyAsync();
        await WaitUntilAsync(() => channel.ReceivedCount > reconnected, Within);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"not within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            await Task.Delay(20);
        }
    }

    private static Task Listening(IServiceProvider services) =>
        services.GetRequiredService<PostgresChangeChannel>().Listening.WaitAsync(TimeSpan.FromSeconds(10));

    private async Task<FigureInput> InputAsync(string value)
    {
        await using var db = factory.CreateContext();
        return new FigureInput
        {
            MetricCode = WellKnown.CumulativeArrivals,
            LocationCode = WellKnown.Armenia,
            UnitCode = WellKnown.People,
            Date = new DateOnly(2023, 10, 9),
            Time = new TimeOnly(10, 0),
            ValueText = value,
            SourceId = await db.Sources.Where(s => s.Key == "S001").Select(s => s.Id).SingleAsync(),
            // Saved past any plausibility warning against the seed: this test is not about them (PlausibilityTests).
            WarningReason = "test figure",
        };
    }
}
