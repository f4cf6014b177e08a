using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Editing;

/// <summary>Recognises a save that lost a race with another editor.</summary>
internal static class SaveConflicts
{
    /// <summary>
    /// True for a stale concurrency token, and for the unique index on (entity, revision number): whichever of the
    /// two statements SQLite runs first, a second save of the same version is refused and nothing is written.
    /// </summary>
    public static bool IsLostRace(DbUpdateException ex) =>
        ex is DbUpdateConcurrencyException
        || (ex.InnerException is SqliteException { SqliteErrorCode: 19 } sqlite && sqlite.Message.Contains("Revisions.", StringComparison.Ordinal));
}
