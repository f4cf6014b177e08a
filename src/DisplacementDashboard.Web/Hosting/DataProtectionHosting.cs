using DisplacementDashboard.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>
/// Where the keys that sign sign-in cookies and antiforgery tokens live. Without this they fell back, undocumented, to
/// the user profile folder (and were lost with a container or a different service account, signing everyone out).
/// Default: a <c>keys</c> folder beside the SQLite file, so one backup of that folder keeps the store and the keys
/// together; <c>DataProtection:KeysDirectory</c> puts them elsewhere. The folder is created readable by the app's
/// user only (Unix mode 700); on Windows the keys are also encrypted with DPAPI. Elsewhere they are not encrypted at
/// rest: protect the folder like the database.
/// On PostgreSQL (<c>Database:Provider=postgres</c>) the keys are rows of the store's <c>DataProtectionKeys</c> table
/// instead, so every node behind a proxy reads the same key ring and a cookie from one node is accepted by the others
/// and after a restart; <c>DataProtection:KeysDirectory</c> is then not used. The rows are not encrypted at rest either:
/// protect the database (and its dumps) as you protect the folder.
/// </summary>
public static class DataProtectionHosting
{
    public const string SectionName = "DataProtection";

    /// <summary>The application name in the key ring: apps with another name cannot read these cookies.</summary>
    public const string ApplicationName = "DisplacementDashboard";

    public static IServiceCollection AddDashboardDataProtection(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        if (DatabaseProviders.Parse(configuration[DatabaseProviders.SettingName]) == DatabaseProvider.Postgres)
        {
            services.AddDataProtection()
                .SetApplicationName(ApplicationName)
                .PersistKeysToDbContext<DashboardDbContext>();
            return services;
        }

        var directory = KeysDirectory(configuration, contentRoot);
        CreatePrivateDirectory(directory);
        var builder = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(directory));
        if (OperatingSystem.IsWindows())
        {
            builder.ProtectKeysWithDpapi();
        }

        return services;
    }

    /// <summary><c>DataProtection:KeysDirectory</c> (relative to the content root), else <c>keys</c> beside the SQLite file.</summary>
    public static string KeysDirectory(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[$"{SectionName}:KeysDirectory"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(contentRoot, configured));
        }

        var connectionString = DataServiceCollectionExtensions.ResolveConnectionString(configuration.GetConnectionString("Dashboard"), contentRoot);
        var database = connectionString.Length == 0 ? "" : new SqliteConnectionStringBuilder(connectionString).DataSource;
        return Path.IsPathRooted(database)
            ? Path.Combine(Path.GetDirectoryName(database)!, "keys")
            : Path.Combine(contentRoot, "App_Data", "keys");
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
