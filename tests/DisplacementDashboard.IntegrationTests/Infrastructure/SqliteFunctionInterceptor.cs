using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// Registers a SQL function on every connection a context opens, so a trigger can call back into the test at an exact
/// row (to cancel an operation mid-way without timing).
/// </summary>
public sealed class SqliteFunctionInterceptor(string name, Action onCall) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private void Register(DbConnection connection) => ((SqliteConnection)connection).CreateFunction(name, () =>
    {
        onCall();
        return 0;
    });
}
