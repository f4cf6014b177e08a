using System.Data.Common;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// Plausibility warnings in the import preview and commit (<see cref="ImportService"/> with <see cref="Plausibility"/>),
/// on the seeded store. Each test writes to a place of its own.
/// </summary>
public class PlausibilityImportTests(ImportExportFactory factory) : IClassFixture<ImportExportFactory>
{
    private ImportService Import => factory.Get<ImportService>();

    private async Task<List<FigureRecord>> TemplateAsync() =>
        await FigureFiles.ReadStoreAsync(factory.Get<FigureRecordReader>(), new FigureRecordQuery());

    /// <summary>A running total of arrivals, with the provenance columns of <paramref name="source"/> as the store has them.</summary>
    private static FigureRecord Row(List<FigureRecord> store, string location, string date, long value, string source, string? id = null) => store.First(f => f.Source == source) with
    {
        Metric = WellKnown.CumulativeArrivals,
        FigureId = 0,
        Revision = 0,
        ExternalId = id,
        Location = location,
        Date = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
        Time = null,
        Value = value,
        Unit = WellKnown.People,
        Decimals = 0,
        Source = source,
        Note = null,
    };

    private async Task<List<string?>> ReasonsAsync(string externalId)
    {
        await using var db = factory.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContext();
        var id = await db.Figures.Where(f => f.ExternalId == externalId).Select(f => f.Id).SingleAsync();
        return await db.Revisions.Where(r => r.EntityType == "figure" && r.EntityId == id).OrderBy(r => r.Number).Select(r => r.Reason).ToListAsync();
    }

    [Fact]
    public async Task FileBringing42500Then4250_MarksTheSecondRow_AndCommitsOnlyWithAReasonKeptOnThatRowsRevision()
    {
        var editor = await factory.CreateStaffAsync("plaus-import-file", StaffRoles.Editor);
        var template = await TemplateAsync();
        var file = await FigureFiles.WriteAsync(
        [
            Row(template, "AM-LO", "2023-10-01", 42500, "S002", "PLAUS-LO-1"),
            Row(template, "AM-LO", "2023-10-02", 4250, "S001", "PLAUS-LO-2"),
        ]);
        var before = await factory.StoreStateAsync();

        var preview = await Import.PreviewAsync(FigureFiles.Stream(file), "digit.csv");
        var refused = await Import.CommitAsync(FigureFiles.Stream(file), "digit.csv", editor);

        Assert.True(preview.CanCommit);
        // Row 1 is the header: the data rows are 2 and 3, and each is the other's neighbour, so both are marked.
        Assert.Equal(2, preview.WarnedCount);
        Assert.Contains("(row 3 of this file)", Assert.Single(preview.Warnings, w => w.Row == 2).Reason, StringComparison.Ordinal);
        var warning = Assert.Single(preview.Warnings, w => w.Row == 3);
        Assert.Equal((3, FigureCsv.Value), (warning.Row, warning.Column));
        Assert.Contains("42,500 people on 2023-10-01", warning.Reason, StringComparison.Ordinal);
        Assert.Contains("(row 2 of this file)", warning.Reason, StringComparison.Ordinal);
        Assert.Equal(ImportOutcome.NeedsReason, refused.Outcome);
        Assert.Equal(before, await factory.StoreStateAsync());

        var committed = await Import.CommitAsync(FigureFiles.Stream(file), "digit.csv", editor, preview.Sha256, "the UN counted one crossing only");

        Assert.Equal(ImportOutcome.Committed, committed.Outcome);
        Assert.StartsWith("Imported from digit.csv. Saved past plausibility warnings: ", Assert.Single(await ReasonsAsync("PLAUS-LO-1")), StringComparison.Ordinal);
        var reason = Assert.Single(await ReasonsAsync("PLAUS-LO-2"));
        Assert.StartsWith("Imported from digit.csv. Saved past plausibility warnings: the UN counted one crossing only (accepted: ", reason, StringComparison.Ordinal);
        Assert.Contains(warning.Reason, reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Row4250_AfterAnotherSourcesStored42000_IsWarnedNamingTheStoredFigure()
    {
        var editor = await factory.CreateStaffAsync("plaus-import-store", StaffRoles.Editor);
        var template = await TemplateAsync();
        var first = await FigureFiles.WriteAsync([Row(template, "AM-TV", "2023-10-01", 42000, "S002", "PLAUS-TV-1")]);
        Assert.Equal(ImportOutcome.Committed, (await Import.CommitAsync(FigureFiles.Stream(first), "first.csv", editor)).Outcome);
        await using var db = factory.Get<IDbContextFactory<DashboardDbContext>>().CreateDbContext();
        var stored = await db.Figures.Where(f => f.ExternalId == "PLAUS-TV-1").Select(f => new { f.Id, f.Source.Title }).SingleAsync();

        var second = await FigureFiles.WriteAsync([Row(template, "AM-TV", "2023-10-02", 4250, "S001", "PLAUS-TV-2")]);
        var preview = await Import.PreviewAsync(FigureFiles.Stream(second), "second.csv");

        var warning = Assert.Single(preview.Warnings);
        Assert.Equal(2, warning.Row);
        Assert.Contains($"42,000 people on 2023-10-01 from \u201C{stored.Title}\u201D (figure {stored.Id})", warning.Reason, StringComparison.Ordinal);
        Assert.Contains("9.9 times lower", warning.Reason, StringComparison.Ordinal);
        Assert.Equal(ImportRowStatus.New, preview.Rows[0].Status);
    }

    [Fact]
    public async Task Warnings_CostOneQueryPerGroup_NotPerRow()
    {
        var template = await TemplateAsync();
        PlausibilityCandidate Candidate(int row, string location) => new(row, WellKnown.CumulativeArrivals, location, WellKnown.People, 0,
            new DateOnly(2023, 10, 1).AddDays(row % 20), null, 1000 + row, template[0].Source, template[0].SourceTitle);
        var counter = new CommandCounter();
        var connection = $"Data Source={factory.DatabasePath}";
        var options = new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite(connection).AddInterceptors(counter).Options;
        var plausibility = new Plausibility(Options.Create(new EditingOptions()));

        async Task<int> CommandsAsync(int rows)
        {
            await using var db = new DashboardDbContext(options);
            counter.Count = 0;
            await plausibility.CheckAsync(db, Enumerable.Range(1, rows).Select(r => Candidate(r, r % 2 == 0 ? "AM-GR" : "AM-AV")).ToList());
            return counter.Count;
        }

        var few = await CommandsAsync(4);
        var many = await CommandsAsync(400);

        Assert.Equal(few, many);
        // The metrics, the places, one per metric/place/unit group (two here) and the ranges.
        Assert.Equal(5, many);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count++;
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
