using System.Globalization;
using DisplacementDashboard.Benchmarks.Measurement;
using DisplacementDashboard.Benchmarks.Reporting;
using DisplacementDashboard.Benchmarks.Store;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// "Known when" (issue 12) on the synthetic store: pages at <c>knownAt</c> (published by an instant: a join on the
/// sources' publication date and time, in SQL) beside the same query as hand-written SQL, and the overview at
/// <c>asOf</c> (recorded by an instant: rebuilt from the revision history) beside the bare read of the revisions it needs.
/// </summary>
public sealed class KnownWhenSuite(string storePath, RunSettings settings, TextWriter log)
{
    private const double GoalP95Ms = 50;
    private const double GoalRatio = 1.2;

    // KnownWhen.IsPublished as SQL (FigureQueries.PublishedBy): dates are yyyy-MM-dd text, times HH:mm:ss text.
    private const string PublishedBy = " AND (s.Published < $day OR (s.Published = $day AND s.PublishedTime IS NOT NULL AND s.PublishedTime <= $time))";

    // FigureRecordReader.LatestRevisions as SQL: each figure's latest revision at or before the instant.
    private const string LatestRevisions =
        "SELECT r.EntityId, r.Number, r.NewValues FROM Revisions r WHERE r.EntityType = 'figure' AND r.AtUtc <= $at " +
        "AND NOT EXISTS (SELECT 1 FROM Revisions later WHERE later.EntityType = 'figure' AND later.EntityId = r.EntityId AND later.AtUtc <= $at AND later.Number > r.Number) " +
        "ORDER BY r.EntityId";

    public async Task<List<ResultRow>> RunAsync()
    {
        await using var services = SyntheticStore.Services(storePath);
        var dashboard = QuerySuite.Uncached(services);
        var queries = new FigureQueries(services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
        var sql = new HandSql(storePath);

        // The middle of the synthetic record: about half of the sources published by then.
        var plan = new SyntheticPlan(settings.Seed, settings.Figures);
        var middle = plan.CrisisStarts.Order().ElementAt(plan.CrisisStarts.Count / 2).AddDays(180);
        var knownAt = new DateTimeOffset(middle.ToDateTime(new TimeOnly(20, 0)), KnownWhen.ArmeniaOffset);
        var when = new KnownWhen(PublishedBy: knownAt);
        var cutoff = when.Cutoff!.Value;
        var cut = new (string, object)[] { ("$day", cutoff.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("$time", cutoff.Time.ToString("HH:mm:ss", CultureInfo.InvariantCulture)) };
        var (overviewIn, overviewPs) = HandSql.CodesIn(QuerySuite.OverviewMetrics);
        const string NotRetracted = "WHERE NOT f.IsRetracted AND ";

        // The latest revision in the store: the overview "as recorded" then shows every figure (the costliest asOf).
        await using var lookup = await sql.OpenAsync();
        var asOf = DateTime.SpecifyKind(DateTime.Parse(await HandSql.ScalarAsync<string>(lookup, "SELECT MAX(AtUtc) FROM Revisions"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), DateTimeKind.Utc);
        var revisions = await HandSql.ScalarAsync<long>(lookup, "SELECT COUNT(*) FROM Revisions WHERE EntityType = 'figure'");
        log.WriteLine($"knownAt {knownAt:yyyy-MM-dd'T'HH:mmzzz}, asOf {asOf:O}, {revisions:N0} figure revisions");

        var rows = new List<ResultRow>();
        rows.Add(await MeasureAsync(
            "Overview cards at knownAt (/?knownAt=)",
            () => dashboard.GetOverviewAsync(when),
            async () => OverviewCalculator.Calculate(await sql.FiguresAsync(NotRetracted + overviewIn + PublishedBy + HandSql.ByDate, [.. overviewPs, .. cut])),
            settings.Repeats, goal: true, "the overview's figures whose source was published by the instant: one join on Sources"));
        rows.Add(await MeasureAsync(
            "Figures grid, page 1 at knownAt (/figures?knownAt=)",
            () => queries.GetPageAsync(new FigureFilter(PublishedBy: cutoff), 0, 25, FigureSort.Date, false),
            () => QuerySuite.GridAsync(sql, "WHERE NOT f.IsRetracted" + PublishedBy, cut, "SELECT COUNT(*) FROM Figures f JOIN Sources s ON s.Id = f.SourceId WHERE NOT f.IsRetracted" + PublishedBy,
                from: "FROM Figures f JOIN Sources s ON s.Id = f.SourceId ", peerFilter: PublishedBy),
            settings.Repeats, goal: true, "the total cannot come from the kept per-source counts at an instant: a COUNT over the join"));

        // The revision history is read whole for an asOf page: few repeats, it is slow on a large store.
        var slowRepeats = Math.Min(settings.Repeats, 5);
        rows.Add(await MeasureAsync(
            "Overview cards at asOf (/?asOf=), from the revision history",
            () => dashboard.GetOverviewAsync(new KnownWhen(asOf)),
            async () =>
            {
                await using var c = await sql.OpenAsync();
                await HandSql.ListAsync(c, LatestRevisions, r => r.GetString(2).Length, ("$at", asOf.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)));
            },
            slowRepeats, goal: false,
            $"baseline: the bare read of each figure's latest revision ({revisions:N0} revisions), no JSON; the page also parses each snapshot and keeps the overview's"));
        var now = await SideBySide.RunAsync(() => dashboard.GetOverviewAsync(new KnownWhen(asOf)), () => dashboard.GetOverviewAsync(), 1, slowRepeats);
        rows.Add(new ResultRow(
            "Overview cards at asOf, against the overview now",
            "none set (for scale)",
            "the same page now (the Figures table)",
            $"median {QuerySuite.Ms(now.Measured.Median)}, p95 {QuerySuite.Ms(now.Measured.P95)}",
            $"median {QuerySuite.Ms(now.Baseline.Median)}, p95 {QuerySuite.Ms(now.Baseline.P95)}",
            now.P95Ratio,
            null,
            $"allocated per call: {await AllocatedMbAsync(() => dashboard.GetOverviewAsync(new KnownWhen(asOf))):F0} MB at asOf, {await AllocatedMbAsync(() => dashboard.GetOverviewAsync()):F1} MB now"));
        foreach (var row in rows)
        {
            log.WriteLine($"{row.Measurement}: {row.Measured} vs {row.BaselineValue}, ratio {row.Ratio:F2}");
        }

        return rows;
    }

    private async Task<ResultRow> MeasureAsync(string name, Func<Task> measured, Func<Task> baseline, int repeats, bool goal, string note)
    {
        var r = await SideBySide.RunAsync(measured, baseline, Math.Min(settings.Warmup, 2), repeats);
        return new ResultRow(
            "Known when: " + name,
            goal ? $"p95 <= {GoalP95Ms} ms, ratio <= {GoalRatio}" : "none set (for scale)",
            "hand-written SQL + data reader",
            $"median {QuerySuite.Ms(r.Measured.Median)}, p95 {QuerySuite.Ms(r.Measured.P95)}",
            $"median {QuerySuite.Ms(r.Baseline.Median)}, p95 {QuerySuite.Ms(r.Baseline.P95)}",
            r.P95Ratio,
            goal ? r.Measured.P95 <= GoalP95Ms && r.P95Ratio <= GoalRatio : null,
            note);
    }

    private static async Task<double> AllocatedMbAsync(Func<Task> action)
    {
        await action();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await action();
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / 1024.0 / 1024.0;
    }
}
