using System.Globalization;
using DisplacementDashboard.Benchmarks.Measurement;
using DisplacementDashboard.Benchmarks.Reporting;
using DisplacementDashboard.Benchmarks.Store;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Series;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// Every widget query the dashboard pages issue, through the real services, beside the same query as
/// hand-written SQL. Also counts the SQL commands per page load and prints the query plans.
/// </summary>
public sealed class QuerySuite(string storePath, RunSettings settings, TextWriter log)
{
    private const double GoalP95Ms = 50;
    private const double GoalRatio = 1.2;

    // The pages' metric sets (DashboardService keeps its own copies private).
    internal static readonly string[] OverviewMetrics =
    [
        WellKnown.CumulativeArrivals, WellKnown.PrePopulation, WellKnown.PlannedCapacity, WellKnown.Accommodation,
        WellKnown.DepotDeaths, WellKnown.DepotInjured, WellKnown.DepotMissing,
    ];

    private static readonly string[] TimelineMetrics = [WellKnown.CumulativeArrivals, WellKnown.ArrivalsOnDay, WellKnown.PlannedCapacity];

    private static readonly string[] ShelterMetrics = [WellKnown.CumulativeArrivals, WellKnown.Accommodation, WellKnown.AccommodationByMarz, WellKnown.PlannedCapacity];

    private const string AidWhere =
        "WHERE NOT f.IsRetracted AND f.MetricId IN (SELECT Id FROM Metrics WHERE Kind = 'Money' OR Code LIKE 'wfp\\_%' ESCAPE '\\' " +
        "OR Code LIKE 'rrp\\_%' ESCAPE '\\' OR Code LIKE 'planning\\_%' ESCAPE '\\' OR instr(Code, 'payment_recipients') > 0)";

    private sealed record Case(string Name, int Widgets, Func<Task> Measured, Func<Task> Baseline, string PlanSql, (string, object)[] PlanParameters, string Why = "", bool Warm = false);

    public async Task<List<ResultRow>> RunAsync()
    {
        var counter = new CommandCounter();
        await using var services = SyntheticStore.Services(storePath, s => s.ConfigureDbContext<DashboardDbContext>(o => o.AddInterceptors(counter)));
        // Ratios are computed on the uncached services; the cached ones (as registered in the app) get "warm" rows.
        var dashboard = Uncached(services);
        var queries = new FigureQueries(services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
        var cachedDashboard = services.GetRequiredService<IDashboardService>();
        var cachedQueries = services.GetRequiredService<IFigureQueries>();
        var sql = new HandSql(storePath);

        var plan = new SyntheticPlan(settings.Seed, settings.Figures);
        var metric = plan.Metrics[0].Code;
        var from = plan.CrisisStarts[0];
        var to = from.AddDays(90);
        await using var lookup = await sql.OpenAsync();
        var sourceId = await HandSql.ScalarAsync<int>(lookup, "SELECT Id FROM Sources WHERE Key = $k", ("$k", plan.Sources[0].Key));
        var gridFilter = new FigureFilter([metric], null, null, from, to);
        var (overviewIn, overviewPs) = HandSql.CodesIn(OverviewMetrics);
        var (timelineIn, timelinePs) = HandSql.CodesIn(TimelineMetrics);
        var (shelterIn, shelterPs) = HandSql.CodesIn(ShelterMetrics);
        const string NotRetracted = "WHERE NOT f.IsRetracted AND ";
        const string GridWhereFiltered = "WHERE NOT f.IsRetracted AND f.MetricId = (SELECT Id FROM Metrics WHERE Code = $m) AND f.ReferenceDate >= $from AND f.ReferenceDate <= $to";
        var gridPs = new (string, object)[] { ("$m", metric), ("$from", Day(from)), ("$to", Day(to)) };

        var cases = new List<Case>
        {
            new("Overview cards (/)", 1,
                () => dashboard.GetOverviewAsync(),
                async () => OverviewCalculator.Calculate(await sql.FiguresAsync(NotRetracted + overviewIn + HandSql.ByDate, overviewPs)),
                HandSql.FigureColumns + NotRetracted + overviewIn + HandSql.ByDate, overviewPs),
            new("Timeline, exodus weeks (/timeline)", 2,
                () => dashboard.GetTimelineAsync(TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo),
                async () =>
                {
                    await using var c = await sql.OpenAsync();
                    var rows = await HandSql.FiguresAsync(c, NotRetracted + timelineIn + HandSql.ByDate, timelinePs);
                    TimelineBuilder.Build(rows, await EventsAsync(c), TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo);
                },
                HandSql.FigureColumns + NotRetracted + timelineIn + HandSql.ByDate, timelinePs,
                "two widgets: the charts and tables (figures) and the events list"),
            new("Shelter (/shelter)", 1,
                () => dashboard.GetShelterAsync(null),
                async () => ShelterBuilder.Build(await sql.FiguresAsync(NotRetracted + shelterIn + HandSql.ByDate, shelterPs), null),
                HandSql.FigureColumns + NotRetracted + shelterIn + HandSql.ByDate, shelterPs),
            new("Aid (/aid)", 1,
                () => dashboard.GetAidAsync(),
                async () => AidGrouping.Build(await sql.FiguresAsync(AidWhere + HandSql.ByDate)),
                HandSql.FigureColumns + AidWhere + HandSql.ByDate, []),
            new("Figures grid, page 1 (/figures)", 3,
                () => queries.GetPageAsync(new FigureFilter(), 0, 25, FigureSort.Date, false),
                () => GridAsync(sql, "WHERE NOT f.IsRetracted", [], WholeStoreTotal),
                HandSql.FigureColumns + "WHERE NOT f.IsRetracted" + HandSql.ByDate + " LIMIT 25", [],
                "one grid: total for the pager, the page, and the same-day peers its disagreement badges need"),
            new("Figures grid, filtered page 1 (/figures?metric=&from=&to=)", 3,
                () => queries.GetPageAsync(gridFilter, 0, 25, FigureSort.Date, false),
                () => GridAsync(sql, GridWhereFiltered, gridPs, "SELECT COUNT(*) FROM Figures f " + GridWhereFiltered),
                HandSql.FigureColumns + GridWhereFiltered + HandSql.ByDate + " LIMIT 25", gridPs,
                "as above"),
            new("Figures filter lists (/figures)", 3,
                () => queries.GetFilterOptionsAsync(),
                () => FilterListsAsync(sql),
                "SELECT Code, Name FROM Metrics ORDER BY Name", [],
                "three drop-downs: metric, place, source"),
            new("Source page (/sources/{id})", 2,
                async () =>
                {
                    await queries.GetSourceAsync(sourceId);
                    await queries.GetFiguresAsync(new FigureFilter(SourceId: sourceId));
                },
                async () =>
                {
                    await using var c = await sql.OpenAsync();
                    await SourcesAsync(c, "WHERE s.Id = $id", ("$id", sourceId));
                    await HandSql.FiguresAsync(c, "WHERE NOT f.IsRetracted AND f.SourceId = $id" + HandSql.ByDate, ("$id", sourceId));
                },
                HandSql.FigureColumns + "WHERE NOT f.IsRetracted AND f.SourceId = $id" + HandSql.ByDate, [("$id", sourceId)],
                "two widgets: the source's facts and its figures"),
            new("Sources list (/sources)", 1,
                () => queries.GetSourcesAsync(),
                async () =>
                {
                    await using var c = await sql.OpenAsync();
                    await SourcesAsync(c, "");
                },
                SourcesSql(""), []),
        };

        cases.AddRange(
        [
            new("Overview cards (/), warm", 0, () => cachedDashboard.GetOverviewAsync(), cases[0].Baseline, cases[0].PlanSql, cases[0].PlanParameters, Warm: true),
            new("Timeline (/timeline), warm", 0, () => cachedDashboard.GetTimelineAsync(TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo), cases[1].Baseline, cases[1].PlanSql, cases[1].PlanParameters, Warm: true),
            new("Shelter (/shelter), warm", 0, () => cachedDashboard.GetShelterAsync(null), cases[2].Baseline, cases[2].PlanSql, cases[2].PlanParameters, Warm: true),
            new("Aid (/aid), warm", 0, () => cachedDashboard.GetAidAsync(), cases[3].Baseline, cases[3].PlanSql, cases[3].PlanParameters, Warm: true),
            new("Figures grid, page 1, warm total", 2, () => cachedQueries.GetPageAsync(new FigureFilter(), 0, 25, FigureSort.Date, false), cases[4].Baseline, cases[4].PlanSql, cases[4].PlanParameters,
                "the total is remembered until the next change; page and peers are read", Warm: true),
            new("Sources list (/sources), warm", 0, () => cachedQueries.GetSourcesAsync(), cases[^1].Baseline, cases[^1].PlanSql, cases[^1].PlanParameters, Warm: true),
        ]);

        var results = new List<ResultRow>();
        foreach (var c in cases)
        {
            // Commands of the second call: for the cached rows that is a call after the cache was filled.
            await c.Measured();
            counter.Reset();
            await c.Measured();
            var commands = counter.Count;
            log.WriteLine($"plan {c.Name} (baseline SQL): {await HandSql.ExplainAsync(lookup, c.PlanSql, c.PlanParameters)}");
            foreach (var (text, parameters) in counter.Commands)
            {
                log.WriteLine($"  EF: {text.ReplaceLineEndings(" ")}\n  plan: {await HandSql.ExplainAsync(lookup, text, parameters)}");
            }

            var r = await SideBySide.RunAsync(c.Measured, c.Baseline, settings.Warmup, settings.Repeats);
            var met = c.Warm ? r.Measured.P95 <= GoalP95Ms && commands <= c.Widgets : r.Measured.P95 <= GoalP95Ms && r.P95Ratio <= GoalRatio && commands <= c.Widgets;
            results.Add(new ResultRow(
                "Query: " + c.Name,
                c.Warm ? $"p95 <= {GoalP95Ms} ms (cache hit; the ratio goal is on the uncached row)" : $"p95 <= {GoalP95Ms} ms, ratio <= {GoalRatio}, {c.Widgets} command(s)",
                "hand-written SQL + data reader",
                $"median {Ms(r.Measured.Median)}, p95 {Ms(r.Measured.P95)}; {commands} command(s)",
                $"median {Ms(r.Baseline.Median)}, p95 {Ms(r.Baseline.P95)}",
                r.P95Ratio,
                met,
                c.Why));
            log.WriteLine($"{c.Name}: {results[^1].Measured} vs {results[^1].BaselineValue}, ratio {r.P95Ratio:F2}");
        }

        return results;
    }

    /// <summary>The service without any cache in front of it: the ratios are computed on the uncached path.</summary>
    public static IDashboardService Uncached(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<DashboardService>(services);

    // The whole store's total is read from the per-source counts the triggers keep, as the app does (migration MaintainShownFigureCounts).
    private const string WholeStoreTotal = "SELECT COALESCE(SUM(Shown), 0) FROM SourceFigureCounts";

    /// <summary>
    /// The grid by hand: total, page, and the page's same-day peers (<paramref name="peerFilter"/>, with the parameters,
    /// narrows the peers as a knownAt instant does).
    /// </summary>
    internal static async Task GridAsync(HandSql sql, string where, (string, object)[] parameters, string totalSql, string from = "FROM Figures f ", string peerFilter = "")
    {
        await using var c = await sql.OpenAsync();
        await HandSql.ScalarAsync<long>(c, totalSql, parameters);
        var page = await HandSql.ListAsync(c, "SELECT f.Id " + from + where + HandSql.ByDate + " LIMIT 25", r => r.GetInt64(0), parameters);
        var rows = page.Count == 0 ? [] : await HandSql.FiguresAsync(c, "WHERE f.Id IN (" + string.Join(", ", page) + ")" + HandSql.ByDate);
        var metrics = rows.Select(r => r.MetricCode).Distinct().ToList();
        var days = rows.Select(r => Day(r.Date)).Distinct().ToList();
        var ps = metrics.Select((m, i) => ($"$m{i}", (object)m)).Concat(days.Select((d, i) => ($"$d{i}", (object)d)))
            .Concat(peerFilter.Length == 0 ? [] : parameters).ToArray();
        var peerWhere = "WHERE NOT f.IsRetracted AND m.Code IN (" + string.Join(", ", metrics.Select((_, i) => $"$m{i}")) + ") AND f.ReferenceDate IN (" +
                        string.Join(", ", days.Select((_, i) => $"$d{i}")) + ")" + peerFilter;
        var peers = rows.Count == 0 ? [] : await HandSql.FiguresAsync(c, peerWhere, ps);
        var ids = rows.Select(r => r.Id).ToHashSet();
        _ = ConflictDetector.Find(peers).Where(d => ids.Contains(d.Key)).ToDictionary(d => d.Key, d => d.Value);
    }

    private static async Task FilterListsAsync(HandSql sql)
    {
        await using var c = await sql.OpenAsync();
        await HandSql.ListAsync(c, "SELECT Code, Name FROM Metrics ORDER BY Name", r => new Option(r.GetString(0), r.GetString(1)));
        await HandSql.ListAsync(c, "SELECT Code, Name FROM Locations ORDER BY Code", r => new Option(r.GetString(0), r.GetString(1)));
        await HandSql.ListAsync(c, "SELECT Id, Title FROM Sources ORDER BY Key", r => new Option(r.GetInt32(0).ToString(CultureInfo.InvariantCulture), r.GetString(1)));
    }

    private static string SourcesSql(string where) =>
        "SELECT s.Id, s.Key, s.Title, s.Publisher, s.Published, s.Url, s.Kind, " +
        "COALESCE((SELECT c.Shown FROM SourceFigureCounts c WHERE c.SourceId = s.Id), 0) FROM Sources s " + where + " ORDER BY s.Key";

    private static Task<List<SourceSummary>> SourcesAsync(SqliteConnection c, string where, params (string, object)[] parameters) =>
        HandSql.ListAsync(c, SourcesSql(where), r => new SourceSummary(
            r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3),
            r.IsDBNull(4) ? null : DateOnly.ParseExact(r.GetString(4), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.IsDBNull(5) ? null : r.GetString(5), Enum.Parse<SourceKind>(r.GetString(6)), r.GetInt32(7)), parameters);

    private static Task<List<EventRow>> EventsAsync(SqliteConnection c) =>
        HandSql.ListAsync(c,
            "SELECT e.Id, e.Date, e.Precision, e.Title, e.Description, e.SourceId, s.Title, s.Url FROM Events e JOIN Sources s ON s.Id = e.SourceId ORDER BY e.Date",
            r => new EventRow(r.GetInt32(0), DateOnly.ParseExact(r.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture), Enum.Parse<DatePrecision>(r.GetString(2)),
                r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)));

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "F2" : "F1", CultureInfo.InvariantCulture) + " ms";
}
