using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// The import writes new figures and their revisions with prepared commands instead of EF's change tracker
/// (docs/performance.md). These tests hold that path to the rows EF would have stored, byte for byte, and to all or nothing.
/// </summary>
public sealed class ImportWritePathTests
{
    private const string FileName = "write-path.csv";
    private const string Injected = "injected failure";

    private static readonly SeedData Reference = new SeedReader().ReadDirectory(Path.Combine(AppContext.BaseDirectory, "seed"));

    private static readonly List<SeedSource> Sources =
    [
        new("WP1", "Write path report", "Ministry", new DateOnly(2024, 12, 31), "https://example.org/r?id=1,2", SourceKind.Government),
        new("WP2", "Второй отчёт, \"quoted\"", "UN agency", null, null, SourceKind.News),
    ];

    // Every tick digit set, so a timestamp written in another format or precision than EF's shows in the raw rows.
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 2, 13, 4, 5, TimeSpan.Zero).AddTicks(1_234_567);

    private static FigureRecord Row(string? externalId, int day, long value, Qualifier qualifier = Qualifier.Exact, TimeOnly? time = null, string? note = null, string unit = "people", int source = 0)
    {
        var metric = Reference.Metrics.First(m => m.Units.Contains(unit));
        var decimals = Reference.Units.Single(u => u.Code == unit).Decimals;
        var s = Sources[source];
        return new FigureRecord(0, 0, externalId, metric.Code, Reference.Locations[day % Reference.Locations.Count].Code, new DateOnly(2023, 9, 1).AddDays(day), time,
            value, unit, decimals, qualifier, s.Key, s.Title, s.Publisher, s.Url, s.Published, note);
    }

    /// <summary>New figures that use every column's edge: no id, no time, midnight, a leap day, zero and huge values, decimals, each qualifier, odd notes.</summary>
    private static List<FigureRecord> VariedFigures() =>
    [
        Row("WP-1", 23, 0, time: new TimeOnly(23, 59)),
        Row(null, 24, 9_007_199_254_740_993, Qualifier.AtLeast, note: "Ереван; \"quoted\", with comma\r\nand a new line 😀", source: 1),
        Row("WP-3", 181, 1_000, Qualifier.Approximate, new TimeOnly(0, 0), "=SUM(A1)", unit: "percent"),
        Row("WP-4", 400, 42, Qualifier.AtMost, note: new string('x', 2000)),
        Row("WP-5", 5, 7, note: "  leading and trailing spaces  "),
    ];

    [Fact]
    public async Task Commit_NewFigures_AreStoredExactlyAsEfStoresThem_AndSoAreTheirRevisions()
    {
        await using var imported = await IsolatedStore.CreateAsync(Reference, Sources, []);
        await using var tracked = await IsolatedStore.CreateAsync(Reference, Sources, []);
        var file = await FigureFiles.WriteAsync(VariedFigures());

        var result = await imported.ImportAt(new TestClock(Now)).CommitAsync(FigureFiles.Stream(file), FileName, IsolatedStore.Editor);
        await SaveThroughEfAsync(tracked, file);

        Assert.True(result.Succeeded, result.Message + " " + string.Join("; ", result.Preview?.Errors ?? []));
        Assert.Equal(5, result.Created);
        await using var a = imported.CreateDbContext();
        await using var b = tracked.CreateDbContext();
        var figures = await StoreState.RawRowsAsync(a, "Figures");
        // The stores' source revisions were seeded at different instants; the figures' revisions carry the import's clock.
        var revisions = await StoreState.RawRowsAsync(a, "Revisions", "EntityType = 'figure'");
        Assert.Equal(5, figures.Count);
        Assert.Equal(5, revisions.Count(r => r.Contains("Kind='Imported'", StringComparison.Ordinal)));
        Assert.Equal(await StoreState.RawRowsAsync(b, "Figures"), figures);
        Assert.Equal(await StoreState.RawRowsAsync(b, "Revisions", "EntityType = 'figure'"), revisions);
    }

    [Theory]
    [InlineData("BEFORE INSERT ON Figures WHEN NEW.ExternalId = 'WP-LATE'")]
    [InlineData("BEFORE INSERT ON Revisions WHEN json_extract(NEW.NewValues, '$.externalId') = 'WP-LATE'")]
    [InlineData("BEFORE UPDATE ON Figures")]
    public async Task Commit_FailingOnALateRow_LeavesTheStoreUnchanged(string trigger)
    {
        await using var store = await IsolatedStore.CreateAsync(Reference, Sources, []);
        var (existing, file) = await StoreWithOneFigureAndFileAsync(store);
        await ExecuteAsync(store, $"CREATE TRIGGER test_failure {trigger} BEGIN SELECT RAISE(ABORT, '{Injected}'); END;");
        var before = await HashAsync(store);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.Import.CommitAsync(FigureFiles.Stream(file), FileName, IsolatedStore.Editor));

        Assert.Contains(Injected, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await HashAsync(store));
        await ExecuteAsync(store, "DROP TRIGGER test_failure;");
        var retry = await store.Import.CommitAsync(FigureFiles.Stream(file), FileName, IsolatedStore.Editor);
        Assert.Equal((ImportOutcome.Committed, 41, 1), (retry.Outcome, retry.Created, retry.Updated));
        await using var db = store.CreateDbContext();
        Assert.Equal(existing.Version + 1, (await db.Figures.SingleAsync(f => f.Id == existing.Id)).Version);
    }

    [Fact]
    public async Task Commit_CancelledDuringTheWrites_LeavesTheStoreUnchanged()
    {
        using var cancellation = new CancellationTokenSource();
        var calls = 0;
        await using var store = await IsolatedStore.CreateAsync(Reference, Sources, [], o => o.AddInterceptors(new SqliteFunctionInterceptor("test_cancel", () =>
        {
            calls++;
            cancellation.Cancel();
        })));
        var (_, file) = await StoreWithOneFigureAndFileAsync(store);
        await ExecuteAsync(store, "CREATE TRIGGER test_cancel AFTER INSERT ON Figures WHEN NEW.ExternalId = 'WP-20' BEGIN SELECT test_cancel(); END;");
        var before = await HashAsync(store);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Import.CommitAsync(FigureFiles.Stream(file), FileName, IsolatedStore.Editor, cancellationToken: cancellation.Token));

        Assert.Equal(1, calls);
        Assert.Equal(before, await HashAsync(store));
    }

    [Fact]
    public async Task Commit_PutsThePooledConnectionsPageCacheBack()
    {
        await using var store = await IsolatedStore.CreateAsync(Reference, Sources, []);
        var before = await CacheSizeAsync(store);
        var file = await FigureFiles.WriteAsync(VariedFigures());

        var result = await store.Import.CommitAsync(FigureFiles.Stream(file), FileName, IsolatedStore.Editor);

        Assert.Equal(5, result.Created);
        // The next context gets the same pooled SQLite connection; a cache left raised would show here.
        Assert.Equal(before, await CacheSizeAsync(store));
    }

    private static async Task<long> CacheSizeAsync(IsolatedStore store)
    {
        await using var db = store.CreateDbContext();
        return await db.Database.SqlQueryRaw<long>("SELECT cache_size AS \"Value\" FROM pragma_cache_size()").SingleAsync();
    }

    /// <summary>Stores one figure and returns it with a file of 40 new figures, a correction of that figure and a last new row, WP-LATE.</summary>
    private static async Task<(Figure Existing, byte[] File)> StoreWithOneFigureAndFileAsync(IsolatedStore store)
    {
        var seedFile = await FigureFiles.WriteAsync([Row("WP-OLD", 3, 500)]);
        var seeded = await store.Import.CommitAsync(FigureFiles.Stream(seedFile), "seed.csv", IsolatedStore.Editor);
        Assert.Equal(1, seeded.Created);
        await using var db = store.CreateDbContext();
        var existing = await db.Figures.AsNoTracking().SingleAsync(f => f.ExternalId == "WP-OLD");
        var rows = Enumerable.Range(1, 40).Select(i => Row($"WP-{i}", i, i * 10L, note: i % 3 == 0 ? $"note {i}" : null)).ToList();
        rows.Insert(10, Row("WP-OLD", 3, 501, note: "corrected"));
        rows.Add(Row("WP-LATE", 41, 1));
        return (existing, await FigureFiles.WriteAsync(rows));
    }

    /// <summary>What the import did before it wrote with prepared commands: tracked entities and two SaveChanges calls in a transaction.</summary>
    private static async Task SaveThroughEfAsync(IsolatedStore store, byte[] file)
    {
        var preview = await store.Import.PreviewAsync(FigureFiles.Stream(file), FileName);
        Assert.All(preview.Rows, r => Assert.Equal(ImportRowStatus.New, r.Status));
        var now = Now.UtcDateTime;
        await using var db = store.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var metrics = await db.Metrics.ToDictionaryAsync(m => m.Code, m => m.Id);
        var locations = await db.Locations.ToDictionaryAsync(l => l.Code, l => l.Id);
        var sources = await db.Sources.ToDictionaryAsync(s => s.Key, s => s.Id);
        var created = preview.Rows.Select(r => r.Figure!).Select(f => (Row: f, Entity: new Figure
        {
            ExternalId = f.ExternalId,
            MetricId = metrics[f.Metric],
            LocationId = locations[f.Location],
            ReferenceDate = f.Date,
            LocalTime = f.Time,
            Value = f.Value,
            UnitCode = f.Unit,
            Qualifier = f.Qualifier,
            SourceId = sources[f.Source],
            Note = f.Note,
            Version = 1,
            UpdatedAtUtc = now,
            UpdatedBy = "editor",
        })).ToList();
        db.Figures.AddRange(created.Select(c => c.Entity));
        await db.SaveChangesAsync();
        db.Revisions.AddRange(created.Select(c => RevisionLog.Create(
            RevisionLog.FigureType, c.Entity.Id, c.Entity.Version, RevisionKind.Imported, "editor", now,
            null, FigureSnapshot.Of(c.Entity, c.Row.Metric, c.Row.Location, c.Row.Source), "Imported from " + preview.FileName, preview.FileName, preview.Sha256)));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private static async Task ExecuteAsync(IsolatedStore store, string sql)
    {
        await using var db = store.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private static async Task<string> HashAsync(IsolatedStore store)
    {
        await using var db = store.CreateDbContext();
        return await StoreState.HashAsync(db);
    }
}
