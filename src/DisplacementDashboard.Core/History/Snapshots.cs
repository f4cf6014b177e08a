using System.Globalization;
using System.Text.Json;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.Core.History;

/// <summary>A figure's values as recorded in a revision; codes and keys, not row ids, so a snapshot stands alone.</summary>
public sealed record FigureSnapshot(
    string? ExternalId,
    string Metric,
    string Location,
    string Date,
    string? Time,
    long Value,
    string Unit,
    string Qualifier,
    string Source,
    string? Note,
    bool Retracted)
{
    public static FigureSnapshot Of(Figure f, string metricCode, string locationCode, string sourceKey) => new(
        f.ExternalId,
        metricCode,
        locationCode,
        f.ReferenceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        f.LocalTime?.ToString("HH:mm", CultureInfo.InvariantCulture),
        f.Value,
        f.UnitCode,
        SeedReader.ToFileText(f.Qualifier.ToString()),
        sourceKey,
        f.Note,
        f.IsRetracted);
}

public sealed record SourceSnapshot(string Key, string Title, string Publisher, string? Published, string? Url, string Kind)
{
    public static SourceSnapshot Of(Source s) => new(
        s.Key, s.Title, s.Publisher, s.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Url, SeedReader.ToFileText(s.Kind.ToString()));
}

public sealed record EventSnapshot(string Key, string Date, string Precision, string Title, string? Description, string Source)
{
    public static EventSnapshot Of(TimelineEvent e, string sourceKey) => new(
        e.Key, e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), SeedReader.ToFileText(e.Precision.ToString()), e.Title, e.Description, sourceKey);
}

/// <summary>Builds revision rows; callers add them in the same transaction as the change they record.</summary>
public static class RevisionLog
{
    public const string FigureType = "figure";
    public const string SourceType = "source";
    public const string EventType = "event";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Revision Create(
        string entityType,
        int entityId,
        int number,
        RevisionKind kind,
        string userName,
        DateTime atUtc,
        object? oldValues,
        object newValues,
        string? reason = null,
        string? importFile = null,
        string? importSha256 = null) => new()
        {
            EntityType = entityType,
            EntityId = entityId,
            Number = number,
            Kind = kind,
            UserName = userName,
            AtUtc = atUtc,
            Reason = reason,
            OldValues = oldValues is null ? null : JsonSerializer.Serialize(oldValues, oldValues.GetType(), Json),
            NewValues = JsonSerializer.Serialize(newValues, newValues.GetType(), Json),
            ImportFile = importFile,
            ImportSha256 = importSha256,
        };

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidDataException("Empty revision snapshot.");
}
