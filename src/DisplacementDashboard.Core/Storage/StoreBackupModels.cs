using System.Globalization;

namespace DisplacementDashboard.Core.Storage;

/// <summary>Why a backup or restore was refused. A refused operation has changed nothing.</summary>
public enum StoreRefusal
{
    /// <summary>The configured store is neither a SQLite file nor a PostgreSQL database (an in-memory database, say).</summary>
    UnsupportedStore,

    /// <summary>There is no store file (or PostgreSQL database) to back up.</summary>
    NoStore,

    /// <summary>The file or folder named cannot be used (missing, a folder, the store itself).</summary>
    BadPath,

    /// <summary>The backup file exists and replacing it was not asked for.</summary>
    TargetExists,

    /// <summary>The file to restore from is not a readable SQLite database (on PostgreSQL: not a custom-format dump).</summary>
    NotADatabase,

    /// <summary>The copy fails SQLite's integrity check (on PostgreSQL: pg_restore cannot read or restore the dump).</summary>
    Damaged,

    /// <summary>A SQLite database, but not a store of this app (no migrations history of its own).</summary>
    NotThisApp,

    /// <summary>The file has migrations that this version of the app does not know.</summary>
    NewerSchema,

    /// <summary>Another process has the store open (the app is running).</summary>
    StoreInUse,

    /// <summary>The store to be replaced holds data and replacing it was not asked for.</summary>
    StoreHoldsData,

    /// <summary>PostgreSQL only: pg_dump or pg_restore is not installed where it is looked for.</summary>
    ToolMissing,

    /// <summary>PostgreSQL only: pg_dump failed (its message is given).</summary>
    ToolFailed,
}

/// <summary>Rows in the tables an operator checks first.</summary>
public sealed record StoreCounts(long Figures, long Revisions, long Sources, long Events, long Accounts)
{
    /// <summary>"figures 138, revisions 140, ...", the same in every culture.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"figures {Figures}, revisions {Revisions}, sources {Sources}, events {Events}, accounts {Accounts}");
}

/// <summary>A backup written: where, how large, and what it holds.</summary>
public sealed record BackupSummary(string StorePath, string BackupPath, long Bytes, StoreCounts Counts);

/// <summary>
/// A store restored: from which file, the migrations applied to bring an older copy up to date, where the replaced
/// store was kept (null when there was none), and what the store holds now.
/// </summary>
public sealed record RestoreSummary(string StorePath, string SourcePath, IReadOnlyList<string> MigrationsApplied, string? ReplacedStoreCopy, StoreCounts Counts);

/// <summary>Done, with its summary; or refused, with the reason in words for the operator.</summary>
public sealed record StoreOutcome<T>(T? Summary, StoreRefusal? Refusal = null, string? Message = null)
    where T : class
{
    public bool Succeeded => Summary is not null;
}
