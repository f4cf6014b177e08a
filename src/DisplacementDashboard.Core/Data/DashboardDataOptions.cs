using System.ComponentModel.DataAnnotations;

namespace DisplacementDashboard.Core.Data;

/// <summary>Store settings, bound from the <c>Data</c> section and validated at start-up.</summary>
public sealed class DashboardDataOptions
{
    public const string SectionName = "Data";

    /// <summary>Which database holds the store; from <c>Database:Provider</c> (<see cref="DatabaseProviders.Parse"/>).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The store's connection string (SQLite or Npgsql syntax, by <see cref="Provider"/>); from <c>ConnectionStrings:Dashboard</c>.</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>Folder with the seed CSV files; relative paths are resolved against the app's folder.</summary>
    [Required]
    public string SeedDirectory { get; set; } = "seed";

    /// <summary>Apply migrations and seed at start-up (on by default; the seed is idempotent).</summary>
    public bool InitializeOnStartup { get; set; } = true;
}
