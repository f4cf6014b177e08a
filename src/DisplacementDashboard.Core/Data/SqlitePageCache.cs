using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Data;

/// <summary>
/// Raises SQLite's page cache of a context's connection for one large write and puts the old size back when disposed.
/// Pooled connections keep their pragmas, so the reset matters: without it every later reader on that connection would
/// hold the large cache too. The pages are allocated only as the write touches them.
/// </summary>
internal sealed class SqlitePageCache : IAsyncDisposable
{
    private readonly DbContext _db;
    private readonly long _previous;

    private SqlitePageCache(DbContext db, long previous)
    {
        _db = db;
        _previous = previous;
    }

    /// <summary>Sets <c>cache_size</c> to <paramref name="kibibytes"/> KiB on the context's (open) connection.</summary>
    public static async Task<SqlitePageCache> RaiseAsync(DbContext db, int kibibytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var previous = await db.Database.SqlQueryRaw<long>("SELECT cache_size AS \"Value\" FROM pragma_cache_size()").SingleAsync(cancellationToken);
        await SetAsync(db, -(long)kibibytes, cancellationToken);
        return new SqlitePageCache(db, previous);
    }

    // Reset even when the write failed or was cancelled.
    public async ValueTask DisposeAsync() => await SetAsync(_db, _previous, CancellationToken.None);

    private static Task<int> SetAsync(DbContext db, long size, CancellationToken cancellationToken)
    {
        // A pragma takes no parameters; the value is a number formatted here, not user input.
        var sql = "PRAGMA cache_size = " + size.ToString(CultureInfo.InvariantCulture) + ";";
        return db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }
}
