namespace DisplacementDashboard.Core.Domain;

/// <summary>What a revision records.</summary>
public enum RevisionKind
{
    Seeded,
    Created,
    Corrected,
    Retracted,
    Restored,
    Imported,
    /// <summary>A metric, unit or place taken out of use for new figures (reference data is never deleted once used).</summary>
    Retired,
    /// <summary>
    /// A figure checked by a second editor against its source (the reason says what was checked); the values are
    /// unchanged, so the snapshot before and after is the same.
    /// </summary>
    Verified,
}

/// <summary>
/// One change to a figure, source or event: who, when (UTC), why, and the values before and after as JSON
/// snapshots. Written in the same transaction as the change; the database refuses to update or delete it.
/// </summary>
public sealed class Revision
{
    public long Id { get; set; }

    /// <summary>"figure", "source", "event", "metric", "unit" (keyed by <see cref="Unit.Id"/>) or "location".</summary>
    public required string EntityType { get; set; }

    public int EntityId { get; set; }

    /// <summary>The entity's <c>Version</c> after this change (1 for its creation).</summary>
    public int Number { get; set; }

    public RevisionKind Kind { get; set; }

    public DateTime AtUtc { get; set; }

    public required string UserName { get; set; }

    public string? Reason { get; set; }

    /// <summary>JSON snapshot before the change; null for a creation.</summary>
    public string? OldValues { get; set; }

    /// <summary>JSON snapshot after the change.</summary>
    public required string NewValues { get; set; }

    /// <summary>For imports: the uploaded file's name and SHA-256 (hex).</summary>
    public string? ImportFile { get; set; }

    public string? ImportSha256 { get; set; }
}
