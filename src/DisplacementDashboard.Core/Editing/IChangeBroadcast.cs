namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// Carries change notices between app nodes that share one store (PostgreSQL <c>LISTEN/NOTIFY</c>,
/// <see cref="Data.PostgresChangeChannel"/>). Not registered on SQLite, where the one app instance notifies in process.
/// </summary>
public interface IChangeBroadcast
{
    /// <summary>Raised when another node committed a change.</summary>
    event Func<Task>? Received;

    /// <summary>Tells the other nodes that this one committed a change.</summary>
    Task PublishAsync();
}
