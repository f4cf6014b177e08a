using System.Globalization;
using System.Security.Claims;
using DisplacementDashboard.Benchmarks.Measurement;
using DisplacementDashboard.Benchmarks.Reporting;
using DisplacementDashboard.Benchmarks.Store;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// Saving one figure with its revision through <see cref="FigureEditor"/> (role check, validation, duplicate
/// check, revision, synchronous=FULL commit) beside a raw single-row INSERT on a connection with the same pragmas.
/// </summary>
public sealed class SaveSuite(string storePath, RunSettings settings, TextWriter log)
{
    private const double GoalP95Ms = 5;

    public async Task<List<ResultRow>> RunAsync()
    {
        await using var services = SyntheticStore.Services(storePath);
        var editor = services.GetRequiredService<FigureEditor>();
        var plan = new SyntheticPlan(settings.Seed, settings.Figures);
        var sql = new HandSql(storePath);
        await using var connection = await sql.OpenAsync();
        var sourceId = await HandSql.ScalarAsync<int>(connection, "SELECT Id FROM Sources WHERE Key = $k", ("$k", plan.Sources[0].Key));
        var metricId = await HandSql.ScalarAsync<int>(connection, "SELECT Id FROM Metrics WHERE Code = $c", ("$c", plan.Metrics[2].Code));
        var locationId = await HandSql.ScalarAsync<int>(connection, "SELECT Id FROM Locations WHERE Code = $c", ("$c", plan.Locations[0].Code));
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, SyntheticStore.BenchEditor), new Claim(ClaimTypes.Role, StaffRoles.Editor),
         new Claim(StaffAuthorization.SecurityStampClaimType, SyntheticStore.BenchEditorStamp)], "benchmark"));

        await using var insert = connection.CreateCommand();
        insert.CommandText =
            "INSERT INTO Figures (MetricId, LocationId, ReferenceDate, LocalTime, Value, UnitCode, Qualifier, SourceId, Note, IsRetracted, Version, UpdatedAtUtc, UpdatedBy) " +
            "VALUES ($m, $l, '2023-09-25', '10:00:00', $v, 'people', 'Exact', $s, NULL, 0, 1, '2026-01-01 00:00:00', 'bench')";
        insert.Parameters.AddWithValue("$m", metricId);
        insert.Parameters.AddWithValue("$l", locationId);
        insert.Parameters.AddWithValue("$s", sourceId);
        var value = insert.Parameters.AddWithValue("$v", 0L);
        insert.Prepare();

        var n = 0L;
        async Task Measured()
        {
            var result = await editor.CreateAsync(user, new FigureInput
            {
                MetricCode = plan.Metrics[2].Code,
                LocationCode = plan.Locations[0].Code,
                Date = new DateOnly(2023, 9, 25),
                Time = new TimeOnly(10, 0),
                ValueText = (++n).ToString(CultureInfo.InvariantCulture),
                UnitCode = "people",
                SourceId = sourceId,
                // Saved past any plausibility warning: the suite measures saving, warnings included.
                WarningReason = "benchmark figure: measured, not checked",
            }, confirmDuplicate: false);
            if (result.Status != EditStatus.Saved)
            {
                throw new InvalidOperationException($"The benchmark save was refused: {result.Status} {string.Join("; ", result.Errors?.Select(e => e.Message) ?? [])}");
            }
        }

        async Task Baseline()
        {
            value.Value = ++n;
            await insert.ExecuteNonQueryAsync();
        }

        var r = await SideBySide.RunAsync(Measured, Baseline, settings.Warmup, settings.SaveRepeats);
        log.WriteLine($"save: {QuerySuite.Ms(r.Measured.P95)} vs {QuerySuite.Ms(r.Baseline.P95)}");
        return
        [
            new ResultRow(
                "Save one figure with its revision (synchronous=FULL)",
                $"p95 <= {GoalP95Ms} ms",
                "raw single-row INSERT, same pragmas",
                $"median {QuerySuite.Ms(r.Measured.Median)}, p95 {QuerySuite.Ms(r.Measured.P95)}",
                $"median {QuerySuite.Ms(r.Baseline.Median)}, p95 {QuerySuite.Ms(r.Baseline.P95)}",
                r.P95Ratio,
                r.Measured.P95 <= GoalP95Ms),
        ];
    }
}
