namespace DisplacementDashboard.Core.Editing;

/// <summary>The signed-in user (or nobody) may not make this change; nothing was written.</summary>
public sealed class NotAuthorizedException(string message) : Exception(message);
