using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>The import's binary COPY on PostgreSQL: the rows EF would write, in the import's one transaction (issue 13).</summary>
public sealed class PostgresImportCopyTests(PostgresImportExportFactory factory) : IClassFixture<PostgresImportExportFactory>
{
    private ImportService Import => factory.Get<ImportService>();

    [Fact]
    public async Task NewFigures_AreCopied_WithTheirRevisions_TheKeptCounts_AndTheValuesEfWouldStore()
    {
        var editor = await factory.CreateStaffAsync("copy-editor", StaffRoles.Editor);
        var template = (await FigureFiles.ReadStoreAsync(factory.Get<FigureRecordReader>(), new FigureRecordQuery())).Single(f => f.ExternalId == "F0003");
        var file = await FigureFiles.WriteAsync(Enumerable.Range(1, 150).Select(i => template with
        {
            FigureId = 0,
            Revision = 0,
            ExternalId = $"COPY-{i}",
            Date = new DateOnly(2023, 8, 20).AddDays(i % 30), // on or before 2023-09-24, when F0003's source was published
            Value = 1000 + i,
            Note = i % 2 == 0 ? null : $"copied row {i}",
        }));

        var result = await Import.CommitAsync(FigureFiles.Stream(file), "copy.csv", editor, warningReason: "test file: its values are not about plausibility");

        Assert.Equal(ImportOutcome.Committed, result.Outcome);
        Assert.Equal(150, result.Created);
        await using var db = factory.CreateContext();
        var figures = await db.Figures.AsNoTracking().Include(f => f.Metric).Include(f => f.Location).Include(f => f.Source)
            .Where(f => f.ExternalId!.StartsWith("COPY-")).ToListAsync();
        Assert.Equal(150, figures.Count);
        var revisions = await db.Revisions.AsNoTracking().Where(r => r.ImportFile == "copy.csv").ToDictionaryAsync(r => r.EntityId);
        Assert.Equal(150, revisions.Count);
        foreach (var figure in figures)
        {
            Assert.Equal(DateTimeKind.Utc, figure.UpdatedAtUtc.Kind);
            Assert.Equal("copy-editor", figure.UpdatedBy);
            var revision = revisions[figure.Id];
            Assert.Equal((RevisionKind.Imported, 1), (revision.Kind, revision.Number));
            Assert.StartsWith("Imported from copy.csv", revision.Reason, StringComparison.Ordinal);
            Assert.Equal(FigureSnapshot.Of(figure, figure.Metric.Code, figure.Location.Code, figure.Source.Key), RevisionLog.Read<FigureSnapshot>(revision.NewValues));
        }

        var shown = await db.Figures.Where(f => !f.IsRetracted).GroupBy(f => f.SourceId).ToDictionaryAsync(g => g.Key, g => g.Count());
        var kept = await db.SourceFigureCounts.AsNoTracking().Where(c => c.Shown != 0).ToDictionaryAsync(c => c.SourceId, c => c.Shown);
        Assert.Equal(shown.OrderBy(e => e.Key), kept.OrderBy(e => e.Key));
    }

    [Fact]
    public async Task ACopyThatTakesLongerThanNpgsqlsDefaultCommandTimeout_StillCommits()
    {
        // The harness's 100,000-figure import on a loaded machine took longer than 30 s to complete its copy and was
        // refused with a TimeoutException (docs/performance.md). A trigger makes this one-row copy take 32 s.
        var editor = await factory.CreateStaffAsync("copy-slow-editor", StaffRoles.Editor);
        var template = (await FigureFiles.ReadStoreAsync(factory.Get<FigureRecordReader>(), new FigureRecordQuery())).Single(f => f.ExternalId == "F0003");
        var file = await FigureFiles.WriteAsync([template with { FigureId = 0, Revision = 0, ExternalId = "SLOW-1", Date = new DateOnly(2023, 8, 1), Value = 3001 }]);
        await using var db = factory.CreateContext();
        await db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION test_slow_import() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW."ImportFile" = 'slow.csv' THEN PERFORM pg_sleep(32); END IF;
                RETURN NEW;
            END;
            $$;
            CREATE TRIGGER test_slow_import BEFORE INSERT ON "Revisions" FOR EACH ROW EXECUTE FUNCTION test_slow_import();
            """);
        try
        {
            var result = await Import.CommitAsync(FigureFiles.Stream(file), "slow.csv", editor, warningReason: "test figure");

            Assert.Equal(ImportOutcome.Committed, result.Outcome);
            Assert.True(await db.Figures.AnyAsync(f => f.ExternalId == "SLOW-1"));
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER test_slow_import ON \"Revisions\"; DROP FUNCTION test_slow_import();");
        }
    }

    [Fact]
    public async Task AFailureInTheRevisionsCopy_AfterTheFiguresWereCopied_LeavesTheStoreAsItWas()
    {
        var editor = await factory.CreateStaffAsync("copy-fail-editor", StaffRoles.Editor);
        var template = (await FigureFiles.ReadStoreAsync(factory.Get<FigureRecordReader>(), new FigureRecordQuery())).Single(f => f.ExternalId == "F0003");
        var file = await FigureFiles.WriteAsync(Enumerable.Range(1, 50).Select(i => template with { FigureId = 0, Revision = 0, ExternalId = $"FAIL-{i}", Value = 2000 + i }));
        await using var db = factory.CreateContext();

        // A trigger that refuses this file's revisions: the figures' COPY has run by then, in the same transaction.
        await db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION test_refuse_fail_import() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW."ImportFile" = 'fail.csv' THEN RAISE EXCEPTION 'test: refused'; END IF;
                RETURN NEW;
            END;
            $$;
            CREATE TRIGGER test_refuse_fail_import BEFORE INSERT ON "Revisions" FOR EACH ROW EXECUTE FUNCTION test_refuse_fail_import();
            """);
        try
        {
            var before = await factory.StoreStateAsync();
            var counts = await db.SourceFigureCounts.AsNoTracking().ToDictionaryAsync(c => c.SourceId, c => c.Shown);

            await Assert.ThrowsAnyAsync<Exception>(() => Import.CommitAsync(FigureFiles.Stream(file), "fail.csv", editor, warningReason: "test file: its values are not about plausibility"));

            Assert.Equal(before, await factory.StoreStateAsync());
            Assert.False(await db.Figures.AnyAsync(f => f.ExternalId!.StartsWith("FAIL-")));
            Assert.Equal(counts, await db.SourceFigureCounts.AsNoTracking().ToDictionaryAsync(c => c.SourceId, c => c.Shown));
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER test_refuse_fail_import ON \"Revisions\"; DROP FUNCTION test_refuse_fail_import();");
        }
    }
}
