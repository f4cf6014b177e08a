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
    bool Retracted,
    string? SourcePhrase = null)
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
        f.IsRetracted,
        f.SourcePhrase);
}

public sealed record SourceSnapshot(string Key, string Title, string Publisher, string? Published, string? Url, string Kind, string? PublishedTime = null)
{
    public static SourceSnapshot Of(Source s) => new(
        s.Key, s.Title, s.Publisher, s.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Url, SeedReader.ToFileText(s.Kind.ToString()),
        s.PublishedTime?.ToString("HH:mm", CultureInfo.InvariantCulture));
}

public sealed record EventSnapshot(string Key, string Date, string Precision, string Title, string? Description, string Source)
{
    public static EventSnapshot Of(TimelineEvent e, string sourceKey) => new(
        e.Key, e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), SeedReader.ToFileText(e.Precision.ToString()), e.Title, e.Description, sourceKey);
}

public sealed record MetricSnapshot(string Code, string Name, string Kind, IReadOnlyList<string> Units, string? Definition, string? HxlHashtag, bool Retired)
{
    public static MetricSnapshot Of(Metric m) => new(
        m.Code, m.Name, SeedReader.ToFileText(m.Kind.ToString()), [.. m.Units], m.Description, m.HxlHashtag, m.RetiredAtUtc is not null);
}

public sealed record UnitSnapshot(string Code, string Name, string Kind, int Decimals, string? Currency, bool Retired)
{
    public static UnitSnapshot Of(Unit u) => new(u.Code, u.Name, SeedReader.ToFileText(u.Kind.ToString()), u.Decimals, u.Currency, u.RetiredAtUtc is not null);
}

public sealed record LocationSnapshot(string Code, string Name, string Level, string? Parent, string? PCode, bool Retired, string? NameHy = null, string? NameRu = null)
{
    public static LocationSnapshot Of(Location l, string? parentCode) => new(
        l.Code, l.Name, SeedReader.ToFileText(l.Level.ToString()), parentCode, l.PCode, l.RetiredAtUtc is not null, l.NameHy, l.NameRu);
}

/// <summary>Builds revision rows; callers add them in the same transaction as the change they record.</summary>
public static class RevisionLog
{
    public const string FigureType = "figure";
    public const string SourceType = "source";
    public const string EventType = "event";
    public const string MetricType = "metric";

    /// <summary>Units are keyed by code; their revisions use <see cref="Unit.Id"/>, a stable number kept beside the code.</summary>
    public const string UnitType = "unit";
    public const string LocationType = "location";

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

/// <summary>What a revision changed: the names of the <see cref="FigureSnapshot"/> fields that differ.</summary>
public static class FigureChanges
{
    public const string Value = "value";
    public const string Unit = "unit";
    public const string Qualifier = "qualifier";
    public const string Metric = "metric";
    public const string Location = "location";
    public const string Date = "date";
    public const string Time = "time";
    public const string Source = "source";
    public const string Note = "note";
    public const string Retracted = "retracted";
    public const string ExternalId = "external id";
    public const string SourcePhrase = "source phrase";

    /// <summary>Empty for a new figure (nothing before it).</summary>
    public static IReadOnlySet<string> Between(FigureSnapshot? before, FigureSnapshot after)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (before is null)
        {
            return changed;
        }

        void Check(bool differs, string name)
        {
            if (differs)
            {
                changed.Add(name);
            }
        }

        Check(before.Value != after.Value, Value);
        Check(!string.Equals(before.Unit, after.Unit, StringComparison.Ordinal), Unit);
        Check(!string.Equals(before.Qualifier, after.Qualifier, StringComparison.Ordinal), Qualifier);
        Check(!string.Equals(before.Metric, after.Metric, StringComparison.Ordinal), Metric);
        Check(!string.Equals(before.Location, after.Location, StringComparison.Ordinal), Location);
        Check(!string.Equals(before.Date, after.Date, StringComparison.Ordinal), Date);
        Check(!string.Equals(before.Time, after.Time, StringComparison.Ordinal), Time);
        Check(!string.Equals(before.Source, after.Source, StringComparison.Ordinal), Source);
        Check(!string.Equals(before.Note ?? "", after.Note ?? "", StringComparison.Ordinal), Note);
        Check(before.Retracted != after.Retracted, Retracted);
        Check(!string.Equals(before.ExternalId, after.ExternalId, StringComparison.Ordinal), ExternalId);
        Check(!string.Equals(before.SourcePhrase ?? "", after.SourcePhrase ?? "", StringComparison.Ordinal), SourcePhrase);
        return changed;
    }
}
