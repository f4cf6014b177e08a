using DisplacementDashboard.Core.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Data;

/// <summary>The dashboard's store. Create one per operation through <see cref="IDbContextFactory{TContext}"/>.</summary>
public sealed class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : IdentityDbContext<StaffUser>(options), IDataProtectionKeyContext
{
    public DbSet<Source> Sources => Set<Source>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Metric> Metrics => Set<Metric>();

    public DbSet<Location> Locations => Set<Location>();

    public DbSet<Figure> Figures => Set<Figure>();

    public DbSet<TimelineEvent> Events => Set<TimelineEvent>();

    public DbSet<Revision> Revisions => Set<Revision>();

    /// <summary>Shown figures per source, kept by triggers; read-only for the app.</summary>
    public DbSet<SourceFigureCount> SourceFigureCounts => Set<SourceFigureCount>();

    /// <summary>
    /// The Data Protection key ring, on PostgreSQL only: every node reads the same keys, so a cookie issued by one is
    /// accepted by another and after a restart. A SQLite store has one node; its keys stay in a folder beside the
    /// file (DataProtectionHosting), and this table is not in its model.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DashboardDbContext).Assembly);
        if (!Database.IsNpgsql())
        {
            modelBuilder.Ignore<DataProtectionKey>();
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text: the database stays readable with the sqlite3 shell and in exports.
        configurationBuilder.Properties<MetricKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<UnitKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<Qualifier>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<LocationLevel>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<SourceKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<DatePrecision>().HaveConversion<string>().HaveMaxLength(10);
        configurationBuilder.Properties<RevisionKind>().HaveConversion<string>().HaveMaxLength(20);
    }
}
