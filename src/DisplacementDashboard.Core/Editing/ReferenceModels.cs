using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Editing;

/// <summary>A metric as staff type it on the metric form.</summary>
public sealed class MetricInput
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public MetricKind Kind { get; set; } = MetricKind.Stock;

    /// <summary>Allowed unit codes; the first is the usual one.</summary>
    public List<string> Units { get; set; } = [];

    public string? Definition { get; set; }

    public string? HxlHashtag { get; set; }
}

/// <summary>A unit as staff type it on the unit form.</summary>
public sealed class UnitInput
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public UnitKind Kind { get; set; } = UnitKind.Count;

    public int Decimals { get; set; }

    /// <summary>ISO 4217 code, for money units only.</summary>
    public string? Currency { get; set; }
}

/// <summary>A place as staff type it on the place form.</summary>
public sealed class LocationInput
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public LocationLevel Level { get; set; } = LocationLevel.Place;

    public string? ParentCode { get; set; }

    public string? PCode { get; set; }

    /// <summary>The name in Armenian script, where known.</summary>
    public string? NameHy { get; set; }

    /// <summary>The name in Russian, where known.</summary>
    public string? NameRu { get; set; }
}

/// <summary>One metric, unit or place loaded for editing: the form's values, the version a save must match, and its state.</summary>
public sealed record ReferenceForEdit<T>(int Id, int Version, T Input, int FigureCount, DateTime? RetiredAtUtc, string? RetiredBy, string UpdatedBy, DateTime UpdatedAtUtc);

/// <summary>A row of the reference data lists.</summary>
public sealed record ReferenceRow(int Id, string Code, string Name, string Kind, string Detail, int FigureCount, bool Retired, string? ParentPath = null, int Depth = 0);

/// <summary>One revision of a metric, unit or place, its snapshots as JSON.</summary>
public sealed record ReferenceRevisionRow(int Number, RevisionKind Kind, DateTime AtUtc, string UserName, string? Reason, string? Before, string After);
