namespace DisplacementDashboard.Core.Data;

/// <summary>Which database the store is kept in (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file beside the app: the default, nothing to install.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, which several app nodes can share.</summary>
    Postgres,
}

/// <summary>Reads <c>Database:Provider</c>.</summary>
public static class DatabaseProviders
{
    /// <summary>The configuration key.</summary>
    public const string SettingName = "Database:Provider";

    /// <summary>
    /// <c>sqlite</c> (also when unset) or <c>postgres</c>, in any case; anything else throws with the value named, so a
    /// typing mistake stops the start instead of quietly using a SQLite file.
    /// </summary>
    public static DatabaseProvider Parse(string? configured)
    {
        var value = configured?.Trim() ?? "";
        if (value.Length == 0 || value.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Sqlite;
        }

        if (value.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Postgres;
        }

        throw new InvalidOperationException(
            $"{SettingName} is '{configured}', which is not a store this app knows: use 'sqlite' (the default) or 'postgres'.");
    }
}
