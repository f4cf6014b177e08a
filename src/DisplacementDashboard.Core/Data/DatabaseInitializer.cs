using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Data;

/// <summary>Applies migrations and the idempotent seed from <see cref="DashboardDataOptions.SeedDirectory"/>.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<DashboardDbContext> contextFactory,
    SeedReader seedReader,
    IOptions<DashboardDataOptions> options,
    IOptions<EditingOptions> editing,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>Migrates the database, then adds seed rows that are not there yet. Returns what was added.</summary>
    public async Task<SeedResult> InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await context.Database.MigrateAsync(cancellationToken);
        }

        var directory = options.Value.SeedDirectory;
        if (!Path.IsPathRooted(directory))
        {
            directory = Path.Combine(AppContext.BaseDirectory, directory);
        }

        var seed = seedReader.ReadDirectory(directory, ReferenceDates.From(editing.Value, time));
        await using var write = await contextFactory.CreateDbContextAsync(cancellationToken);
        var result = await SeedWriter.ApplyAsync(write, seed, time.GetUtcNow().UtcDateTime, cancellationToken);
        logger.LogInformation(
            "Store ready: seed added {Units} units, {Metrics} metrics, {Locations} locations, {Sources} sources, {Figures} figures, {Events} events",
            result.Units, result.Metrics, result.Locations, result.Sources, result.Figures, result.Events);
        return result;
    }
}
