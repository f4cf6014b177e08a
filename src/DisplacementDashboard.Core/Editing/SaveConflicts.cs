using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DisplacementDashboard.Core.Editing;

/// <summary>Recognises a save that lost a race with another editor.</summary>
internal static class SaveConflicts
{
    /// <summary>
    /// True for a stale concurrency token, and for the unique index on (entity, revision number): whichever of the
    /// two statements the store runs first, a second save of the same version is refused and nothing is written.
    /// </summary>
    public static bool IsLostRace(DbUpdateException ex) =>
        ex is DbUpdateConcurrencyException
        || (ex.InnerException is SqliteException { SqliteErrorCode: 19 } sqlite && sqlite.Message.Contains("Revisions.", StringComparison.Ordinal))
        || (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres && postgres.ConstraintName == RevisionNumberIndex);

    private const string RevisionNumberIndex = "IX_Revisions_EntityType_EntityId_Number";
}
