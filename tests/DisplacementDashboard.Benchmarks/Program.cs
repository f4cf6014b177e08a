using System.Diagnostics;
using DisplacementDashboard.Benchmarks;
using DisplacementDashboard.Benchmarks.Reporting;
using DisplacementDashboard.Benchmarks.Store;
using DisplacementDashboard.Benchmarks.Suites;
using Microsoft.Data.Sqlite;

// The performance harness (docs/performance.md):
//   dotnet run -c Release --project tests/DisplacementDashboard.Benchmarks -- --quick   (smoke run, CI)
//   dotnet run -c Release --project tests/DisplacementDashboard.Benchmarks -- --full --out docs/performance.md
//   dotnet run -c Release --project tests/DisplacementDashboard.Benchmarks -- --full --only csv --out docs/performance.md   (the CSV rows only)
//   dotnet run -c Release --project tests/DisplacementDashboard.Benchmarks -- --full --only soak --soak-minutes 30   (circuit churn)
//   dotnet run -c Release --project tests/DisplacementDashboard.Benchmarks -- --full --only extraction --out docs/performance.md   (extraction quality and speed, no store)
//   dotnet run -c Release --project tests/DisplacementDashboard.Benchmarks -- --full --only postgres --out docs/performance.md   (issue 13 on a throwaway PostgreSQL)
//   dotnet run -c Release --project tests/DisplacementDashboard.Benchmarks -- --full --only knownwhen --out docs/performance.md   (pages at knownAt and asOf, issue 12)
// Every measurement runs beside its baseline in the same run and is reported as a ratio: the machine is shared.
var settings = RunSettings.Parse(args);
var log = Console.Out;

// Where a circuit's memory goes, component by component (no store, no browser): only when asked for by name.
if (string.Equals(settings.Only, "components", StringComparison.OrdinalIgnoreCase))
{
    await new ComponentMemorySuite(log).RunAsync();
    return 0;
}

var clock = Stopwatch.StartNew();

// The extraction assistant's quality and speed need no store: asked for by name, it runs alone.
if (string.Equals(settings.Only, "extraction", StringComparison.OrdinalIgnoreCase))
{
    var extraction = new ExtractionSuite(settings, log).Run();
    var extractionTable = MarkdownReport.Render(settings, extraction, "none (the labelled reports in tests/ExtractionFixtures)", clock.Elapsed);
    log.WriteLine();
    log.WriteLine(extractionTable);
    var extractionOut = settings.OutPath ?? Path.Combine(Path.GetTempPath(), $"dd-bench-{(settings.Quick ? "quick" : "full")}-extraction.md");
    MarkdownReport.Write(extractionOut, extractionTable, MarkdownReport.Section(settings.Only));
    log.WriteLine($"results written to {extractionOut}");
    return 0;
}
log.WriteLine($"benchmarks: {(settings.Quick ? "quick" : "full")} mode, {settings.Figures:N0} synthetic figures, seed {settings.Seed}");

// Issue 13 on PostgreSQL: its own throwaway server and store (no SQLite store), asked for by name.
if (string.Equals(settings.Only, "postgres", StringComparison.OrdinalIgnoreCase))
{
    var postgres = await new PostgresSuite(settings, log).RunAsync();
    var postgresTable = MarkdownReport.Render(settings, postgres,
        $"PostgreSQL (a throwaway server, tests/Shared/PostgresServer.cs), {settings.Figures:N0} synthetic figures (seed {settings.Seed}) plus the real seed", clock.Elapsed);
    log.WriteLine();
    log.WriteLine(postgresTable);
    var postgresOut = settings.OutPath ?? Path.Combine(Path.GetTempPath(), $"dd-bench-{(settings.Quick ? "quick" : "full")}-postgres.md");
    MarkdownReport.Write(postgresOut, postgresTable, MarkdownReport.Section(settings.Only));
    log.WriteLine($"results written to {postgresOut}");
    return 0;
}

var cached = await SyntheticStore.EnsureAsync(settings.Seed, settings.Figures, log);
var runDirectory = Directory.CreateTempSubdirectory("dd-bench-run-").FullName;
try
{
    var store = SyntheticStore.CopyForRun(cached, runDirectory);
    var rows = new List<ResultRow>();
    if (settings.Runs("query"))
    {
        rows.AddRange(await new QuerySuite(store, settings, log).RunAsync());
    }

    if (settings.Runs("knownwhen"))
    {
        rows.AddRange(await new KnownWhenSuite(store, settings, log).RunAsync());
    }

    if (settings.Runs("save"))
    {
        rows.AddRange(await new SaveSuite(store, settings, log).RunAsync());
    }

    if (settings.Runs("csv"))
    {
        SqliteConnection.ClearAllPools();
        rows.AddRange(await new CsvSuite(cached, store, settings, log).RunAsync());
    }

    SqliteConnection.ClearAllPools();
    if (!settings.SkipBrowser && settings.Runs("browser"))
    {
        rows.AddRange(await new BrowserSuite(store, settings, log).RunAsync());
    }

    if (settings.Runs("extraction"))
    {
        rows.AddRange(new ExtractionSuite(settings, log).Run());
    }

    if (settings.Runs("cache"))
    {
        rows.AddRange(await new CacheBoundSuite(store, settings, log).RunAsync());
    }

    if (settings.Runs("flood"))
    {
        rows.AddRange(await new FloodSuite(store, settings, log).RunAsync());
    }

    // PostgreSQL (issue 13) on a throwaway server of its own; in quick mode (CI) 20,000 figures and 5,000-row imports.
    if (settings.Runs("postgres"))
    {
        rows.AddRange(await new PostgresSuite(settings, log).RunAsync());
    }

    if (!settings.SkipBrowser && settings.Runs("soak"))
    {
        rows.AddRange(await new SoakSuite(store, settings, log).RunAsync());
    }

    var description = $"{settings.Figures:N0} synthetic figures (seed {settings.Seed}, {new SyntheticPlan(settings.Seed, settings.Figures).Crises} synthetic crises) plus the real seed, {new FileInfo(cached).Length / 1024.0 / 1024.0:F0} MB";
    var table = MarkdownReport.Render(settings, rows, description, clock.Elapsed);
    log.WriteLine();
    log.WriteLine(table);
    var output = settings.OutPath ?? Path.Combine(Path.GetTempPath(), $"dd-bench-{(settings.Quick ? "quick" : "full")}{(settings.Only is null ? "" : "-" + settings.Only)}.md");
    // A run of one suite (--only csv) fills its own block, so the full table stays.
    MarkdownReport.Write(output, table, MarkdownReport.Section(settings.Only));
    log.WriteLine($"results written to {output}");
    return 0;
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(runDirectory, recursive: true);
}
