using DisplacementDashboard.Core.Editing;
using Microsoft.AspNetCore.Identity;
using System.Security.Claims;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// A migrated store without the web app, for tests that need many fresh stores: a SQLite temp file, or a new database
/// on the tests' PostgreSQL server (<see cref="PostgresServer"/>).
/// </summary>
public sealed class IsolatedStore : IDbContextFactory<DashboardDbContext>, IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dd-iso-{Guid.NewGuid():N}.db");
    private readonly string? _postgres;
    private readonly DbContextOptions<DashboardDbContext> _options;

    private IsolatedStore(Action<DbContextOptionsBuilder>? configure, string? postgres)
    {
        _postgres = postgres;
        var builder = postgres is null
            ? new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={_path}", o => o.MigrationsAssembly(DashboardStore.SqliteMigrationsAssembly))
            : new DbContextOptionsBuilder<DashboardDbContext>().UseDashboardPostgres(postgres);
        configure?.Invoke(builder);
        _options = builder.Options;
    }

    public DashboardDbContext CreateDbContext() => new(_options);

    public ImportService Import => ImportAt(TimeProvider.System);

    /// <summary>An import service whose "now" (revision and figure timestamps) comes from <paramref name="clock"/>.</summary>
    public ImportService ImportAt(TimeProvider clock) => new(this, Options.Create(new ImportOptions()), Options.Create(new EditingOptions()), clock, new FigureChangeNotifier(), new Plausibility(Options.Create(new EditingOptions())), NullLogger<ImportService>.Instance);

    public ExportService Export => new(new FigureRecordReader(this), this, Options.Create(new EditingOptions()), TimeProvider.System);

    public FigureRecordReader Reader => new(this);

    /// <summary>
    /// A store with the seed's units, metrics and locations, the given sources and figures, and an editor;
    /// <paramref name="configure"/> may add to every context's options (an interceptor, say).
    /// </summary>
    public static async Task<IsolatedStore> CreateAsync(SeedData reference, IReadOnlyList<SeedSource> sources, IReadOnlyList<Figure> figures, Action<DbContextOptionsBuilder>? configure = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var postgres = provider == DatabaseProvider.Postgres ? await (await PostgresServer.GetAsync()).CreateDatabaseAsync() : null;
        var store = new IsolatedStore(configure, postgres);
        await using var db = store.CreateDbContext();
        await db.Database.MigrateAsync();
        await SeedWriter.ApplyAsync(db, reference with { Sources = sources, Figures = [], Events = [] }, DateTime.UtcNow, CancellationToken.None);
        var metrics = await db.Metrics.ToDictionaryAsync(m => m.Code, m => m.Id);
        var locations = await db.Locations.ToDictionaryAsync(l => l.Code, l => l.Id);
        var sourceIds = await db.Sources.ToDictionaryAsync(s => s.Key, s => s.Id);
        foreach (var f in figures)
        {
            db.Figures.Add(new Figure
            {
                ExternalId = f.ExternalId,
                MetricId = metrics[f.Metric.Code],
                LocationId = locations[f.Location.Code],
                ReferenceDate = f.ReferenceDate,
                LocalTime = f.LocalTime,
                Value = f.Value,
                UnitCode = f.UnitCode,
                Qualifier = f.Qualifier,
                SourceId = sourceIds[f.Source.Key],
                Note = f.Note,
                UpdatedBy = "test",
            });
        }

        var editor = db.Users.Add(new StaffUser { UserName = "editor", NormalizedUserName = "EDITOR", SecurityStamp = "x" }).Entity;
        var role = db.Roles.Add(new IdentityRole(StaffRoles.Editor) { NormalizedName = StaffRoles.Editor.ToUpperInvariant() }).Entity;
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = editor.Id, RoleId = role.Id });
        await db.SaveChangesAsync();
        return store;
    }

    public static ClaimsPrincipal Editor { get; } = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "editor"), new Claim(ClaimTypes.Role, StaffRoles.Editor), new Claim(StaffAuthorization.SecurityStampClaimType, "x")], "Test"));

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await (await PostgresServer.GetAsync()).DropDatabaseAsync(_postgres);
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
