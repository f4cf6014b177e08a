using System.Data.Common;
using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// The editors' list of retracted figures (<see cref="RetractedFigureQueries"/>) on a store of its own, with a clock the
/// test moves, so order and paging are exact; restoring goes through <see cref="FigureEditor"/>.
/// </summary>
public abstract class RetractedFiguresTestsBase : IAsyncLifetime
{
    /// <summary>The store's provider.</summary>
    protected abstract DatabaseProvider Provider { get; }

    private static readonly SeedData Reference = new SeedReader().ReadDirectory(Path.Combine(AppContext.BaseDirectory, "seed"));

    private readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    protected PlanRecorder Plans { get; } = new();
    private IsolatedStore _store = null!;

    private FigureEditor Editor => new(_store, Options.Create(new EditingOptions()), _clock, new FigureChangeNotifier(), new Plausibility(Options.Create(new EditingOptions())));

    protected RetractedFigureQueries Queries => new(_store);

    protected static ClaimsPrincipal User => IsolatedStore.Editor;

    /// <summary>Six figures: five of arrivals in people (600 down to 200), one day apart, and an appeal in US dollars.</summary>
    public async Task InitializeAsync()
    {
        var sources = Reference.Sources.Take(2).ToList();
        var figures = Enumerable.Range(0, 5).Select(i => Figure(WellKnown.CumulativeArrivals, WellKnown.People, 600 - (i * 100), new DateOnly(2023, 9, 25 + i), sources[i % 2].Key))
            .Append(Figure(Reference.Metrics.First(m => m.Units.Contains("USD")).Code, "USD", 9_700_000_000, new DateOnly(2023, 9, 30), sources[0].Key))
            .ToList();
        _store = await IsolatedStore.CreateAsync(Reference, sources, figures, options => options.AddInterceptors(Plans), Provider);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static Figure Figure(string metric, string unit, long value, DateOnly day, string sourceKey) => new()
    {
        Metric = new Metric { Code = metric, Name = metric },
        Location = new Location { Code = WellKnown.Armenia, Name = WellKnown.Armenia },
        ReferenceDate = day,
        Value = value,
        UnitCode = unit,
        Source = new Source { Key = sourceKey, Title = sourceKey, Publisher = "" },
    };

    protected async Task<List<int>> IdsAsync()
    {
        await using var db = _store.CreateDbContext();
        return await db.Figures.OrderBy(f => f.Id).Select(f => f.Id).ToListAsync();
    }

    /// <summary>Retracts figures in the given order, a minute apart, each with its own reason.</summary>
    protected async Task RetractAsync(params int[] ids)
    {
        foreach (var id in ids)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(EditStatus.Saved, (await Editor.RetractAsync(User, id, 1, $"reason {id}")).Status);
        }
    }

    [Fact]
    public async Task List_ShowsEveryRetractedFigure_WithWhoWhenAndWhy_LatestRetractionFirst()
    {
        var ids = await IdsAsync();
        await RetractAsync(ids[3], ids[0], ids[5]);

        var page = await Queries.GetPageAsync(User, 0, 25, RetractedSort.RetractedAt, descending: true);

        Assert.Equal(3, page.Total);
        Assert.Equal([ids[5], ids[0], ids[3]], page.Rows.Select(r => r.Figure.Id));
        var first = page.Rows[0];
        Assert.Equal(("editor", _clock.UtcNow, $"reason {ids[5]}", 2), (first.RetractedBy, first.RetractedAtUtc, first.Reason, first.Version));
        Assert.Equal(_clock.UtcNow.AddMinutes(-2), page.Rows[2].RetractedAtUtc);
        Assert.Equal(("USD", "US dollars", 9_700_000_000), (first.Figure.UnitCode, first.Figure.UnitName, first.Figure.Value));
    }

    [Fact]
    public async Task List_PagesAndSortsInTheDatabase_ByValueWithinAUnit_AndByDay()
    {
        var ids = await IdsAsync();
        await RetractAsync(ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]);

        var byValue = new List<long>();
        for (var skip = 0; skip < 6; skip += 4)
        {
            var page = await Queries.GetPageAsync(User, skip, 4, RetractedSort.Value, descending: false);
            Assert.Equal(6, page.Total);
            byValue.AddRange(page.Rows.Select(r => r.Figure.Value));
        }

        // Counts before money (unit kind order), then ascending within the unit: people are never ranked against dollars.
        Assert.Equal([200, 300, 400, 500, 600, 9_700_000_000], byValue);
        var byDay = await Queries.GetPageAsync(User, 0, 2, RetractedSort.Date, descending: true);
        Assert.Equal([ids[5], ids[4]], byDay.Rows.Select(r => r.Figure.Id)); // 30 Sep (the appeal), then 29 Sep
        Assert.Equal([ids[0], ids[1]], (await Queries.GetPageAsync(User, 0, 2, RetractedSort.RetractedAt, descending: false)).Rows.Select(r => r.Figure.Id));
        Assert.Empty((await Queries.GetPageAsync(User, 6, 4, RetractedSort.RetractedAt, descending: true)).Rows);
    }

    [Fact]
    public async Task Restore_FromTheListsRow_TakesTheFigureOffTheList_AndBackOnTheDashboards_WithTheReasonInItsHistory()
    {
        var ids = await IdsAsync();
        await RetractAsync(ids[2], ids[4]);
        var row = (await Queries.GetPageAsync(User, 0, 25, RetractedSort.RetractedAt, descending: true)).Rows.Single(r => r.Figure.Id == ids[2]);
        var shown = new FigureQueries(_store);
        Assert.DoesNotContain(await shown.GetFiguresAsync(new FigureFilter([WellKnown.CumulativeArrivals])), f => f.Id == ids[2]);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var restored = await Editor.RestoreAsync(User, row.Figure.Id, row.Version, "the ministry confirmed it");

        Assert.Equal(EditStatus.Saved, restored.Status);
        var after = await Queries.GetPageAsync(User, 0, 25, RetractedSort.RetractedAt, descending: true);
        Assert.Equal([ids[4]], after.Rows.Select(r => r.Figure.Id));
        Assert.Equal(1, after.Total);
        Assert.Contains(await shown.GetFiguresAsync(new FigureFilter([WellKnown.CumulativeArrivals])), f => f.Id == ids[2]);
        var last = (await new HistoryQueries(_store).GetFigureHistoryAsync(ids[2])).Revisions[^1];
        Assert.Equal((RevisionKind.Restored, "the ministry confirmed it", false), (last.Kind, last.Reason, last.After.Retracted));
    }

    [Fact]
    public async Task Restore_WithTheListsVersion_AfterSomeoneElseChangedTheFigure_IsAConflict_AndKeepsItRetracted()
    {
        var ids = await IdsAsync();
        await RetractAsync(ids[1]);
        var row = (await Queries.GetPageAsync(User, 0, 25, RetractedSort.RetractedAt, descending: true)).Rows.Single();
        Assert.Equal(EditStatus.Saved, (await Editor.RestoreAsync(User, ids[1], row.Version, "first editor")).Status);
        Assert.Equal(EditStatus.Saved, (await Editor.RetractAsync(User, ids[1], row.Version + 1, "retracted again")).Status);

        var stale = await Editor.RestoreAsync(User, ids[1], row.Version, "second editor, from an old list");

        Assert.Equal(EditStatus.Conflict, stale.Status);
        var now = (await Queries.GetPageAsync(User, 0, 25, RetractedSort.RetractedAt, descending: true)).Rows.Single();
        Assert.Equal(("retracted again", row.Version + 2), (now.Reason, now.Version));
    }

    [Fact]
    public async Task FigureRetractedOutsideTheApp_IsListed_WithItsLastChange_AndNoReason()
    {
        var ids = await IdsAsync();
        await using (var db = _store.CreateDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE \"Figures\" SET \"IsRetracted\" = TRUE, \"UpdatedBy\" = 'sqlite3 shell' WHERE \"Id\" = {ids[3]}");
        }

        var row = (await Queries.GetPageAsync(User, 0, 25, RetractedSort.RetractedAt, descending: true)).Rows.Single();

        Assert.Equal((ids[3], "sqlite3 shell", (string?)null), (row.Figure.Id, row.RetractedBy, row.Reason));
    }

    [Fact]
    public async Task List_RefusesAnyoneButAnEnabledEditor()
    {
        await Assert.ThrowsAsync<NotAuthorizedException>(() => Queries.GetPageAsync(Staff.Anonymous, 0, 25, RetractedSort.RetractedAt, true));
        await Assert.ThrowsAsync<NotAuthorizedException>(() => Queries.GetPageAsync(Staff.Principal("editor"), 0, 25, RetractedSort.RetractedAt, true));
        await Assert.ThrowsAsync<NotAuthorizedException>(() => Queries.GetPageAsync(Staff.Principal("nobody", StaffRoles.Editor), 0, 25, RetractedSort.RetractedAt, true));
    }

    /// <summary>Runs EXPLAIN QUERY PLAN for every query just before it runs, with its parameters, and keeps the plan lines.</summary>
    protected sealed class PlanRecorder : DbCommandInterceptor
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        /// <summary>Off while the store is built and changed; on for the reads a test looks at.</summary>
        public bool Enabled { get; set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Enabled && command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                await using var explain = command.Connection!.CreateCommand();
                explain.Transaction = command.Transaction;
                explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
                foreach (DbParameter p in command.Parameters)
                {
                    var copy = explain.CreateParameter();
                    (copy.ParameterName, copy.Value) = (p.ParameterName, p.Value);
                    explain.Parameters.Add(copy);
                }

                await using var reader = await explain.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    lock (_lines)
                    {
                        _lines.Add(reader.GetString(3));
                    }
                }
            }

            return result;
        }
    }
}

/// <summary>The retracted-figures list on SQLite, with its query plans (SQLite's EXPLAIN QUERY PLAN).</summary>
public sealed class RetractedFiguresTests : RetractedFiguresTestsBase
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task List_ReadsOnlyTheIndexOfRetractedFigures_NeverEveryFigure()
    {
        var ids = await IdsAsync();
        await RetractAsync(ids[1]);
        Plans.Enabled = true;

        foreach (var sort in Enum.GetValues<RetractedSort>())
        {
            await Queries.GetPageAsync(User, 0, 25, sort, descending: false);
        }

        // "SCAN f" reads the Figures table (or one of its indexes) from end to end; "SCAN f0" is a page already cut out.
        var scans = Plans.Lines.Where(l => l == "SCAN f" || l.StartsWith("SCAN f ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2 * Enum.GetValues<RetractedSort>().Length, scans.Count); // the count and the page, for every order
        Assert.All(scans, line => Assert.Contains("IX_Figures_Retracted", line, StringComparison.Ordinal));
    }
}

/// <summary>The same list on PostgreSQL (the plan test stays SQLite's: it reads SQLite's plan output).</summary>
public sealed class RetractedFiguresTestsOnPostgres : RetractedFiguresTestsBase
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
