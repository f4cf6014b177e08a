using System.Globalization;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.Core.History;

/// <summary>A unit as the history shows it: its name, and how its stored values are scaled.</summary>
public sealed record SnapshotUnit(string Name, UnitKind Kind, int Decimals);

/// <summary>
/// Today's names for the codes and keys that revision snapshots record (metric and unit codes, place codes, source
/// keys). Codes and keys never change; names can (a source's title is corrected), so a revision written before a
/// rename is shown with the current name beside the code it recorded.
/// </summary>
public sealed record SnapshotNames(
    IReadOnlyDictionary<string, string> Metrics,
    IReadOnlyDictionary<string, string> Locations,
    IReadOnlyDictionary<string, SnapshotUnit> Units,
    IReadOnlyDictionary<string, string> Sources)
{
    /// <summary>No names known: every part is shown by its code.</summary>
    public static SnapshotNames None { get; } = new(
        new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, SnapshotUnit>(), new Dictionary<string, string>());
}

/// <summary>
/// One piece of a described snapshot.
/// </summary>
/// <param name="Field">The <see cref="FigureChanges"/> name of the field it shows, so a changed one can be marked.</param>
/// <param name="Text">What a reader sees: a name, the number in the reader's culture, a date.</param>
/// <param name="Code">The code or key the snapshot recorded, shown beside the name so it can be matched to CSV files;
/// null when the text is the code itself (a unit named "people" is coded "people") or the field has no code.</param>
/// <param name="Separated">Whether a separator ("·") goes before it: the value, unit and qualifier read as one phrase.</param>
public sealed record SnapshotPart(string Field, string Text, string? Code = null, bool Separated = true);

/// <summary>How a revision's before or after reads on the history page: names, not codes, and numbers as people read them.</summary>
public static class SnapshotDescription
{
    /// <summary>
    /// The parts of <paramref name="snapshot"/> in reading order: "exact 42,500 people · Cumulative arrivals in Armenia ·
    /// Armenia · 2023-09-27 08:00 · Government briefing". The time is shown when there is one or when it changed; the
    /// retraction flag when it is set or changed; the phrase it was read from when there is one or it changed; the note only when it changed (so a note-only correction shows the
    /// note before and after). A code without a known name is shown as the code.
    /// </summary>
    public static IReadOnlyList<SnapshotPart> Parts(FigureSnapshot snapshot, IReadOnlySet<string> changed, SnapshotNames names, IFormatProvider culture)
    {
        var parts = new List<SnapshotPart>
        {
            new(FigureChanges.Qualifier, QualifierText(snapshot.Qualifier), Separated: false),
        };

        if (names.Units.TryGetValue(snapshot.Unit, out var unit))
        {
            parts.Add(new(FigureChanges.Value, ScaledValue.FormatNumber(snapshot.Value, unit.Decimals, culture), Separated: false));
            parts.Add(new(FigureChanges.Unit, unit.Name, CodeUnlessName(snapshot.Unit, unit.Name), Separated: false));
        }
        else
        {
            // Without the unit's decimals the stored number cannot be scaled; show it as stored.
            parts.Add(new(FigureChanges.Value, snapshot.Value.ToString(CultureInfo.InvariantCulture), Separated: false));
            parts.Add(new(FigureChanges.Unit, snapshot.Unit, Separated: false));
        }

        parts.Add(Named(FigureChanges.Metric, snapshot.Metric, names.Metrics));
        parts.Add(Named(FigureChanges.Location, snapshot.Location, names.Locations));
        parts.Add(new(FigureChanges.Date, snapshot.Date));
        if (snapshot.Time is not null || changed.Contains(FigureChanges.Time))
        {
            parts.Add(new(FigureChanges.Time, snapshot.Time ?? "(no time)", Separated: false));
        }

        parts.Add(Named(FigureChanges.Source, snapshot.Source, names.Sources));
        if (snapshot.Retracted || changed.Contains(FigureChanges.Retracted))
        {
            parts.Add(new(FigureChanges.Retracted, snapshot.Retracted ? "RETRACTED" : "shown"));
        }

        if (changed.Contains(FigureChanges.Note))
        {
            parts.Add(new(FigureChanges.Note, "note: " + (string.IsNullOrEmpty(snapshot.Note) ? "(none)" : snapshot.Note)));
        }

        if (!string.IsNullOrEmpty(snapshot.SourcePhrase) || changed.Contains(FigureChanges.SourcePhrase))
        {
            parts.Add(new(FigureChanges.SourcePhrase, string.IsNullOrEmpty(snapshot.SourcePhrase) ? "phrase: (none)" : $"phrase: \u201C{snapshot.SourcePhrase}\u201D"));
        }

        if (changed.Contains(FigureChanges.ExternalId))
        {
            parts.Add(new(FigureChanges.ExternalId, "external id: " + (snapshot.ExternalId ?? "(none)")));
        }

        return parts;
    }

    private static SnapshotPart Named(string field, string code, IReadOnlyDictionary<string, string> names) =>
        names.TryGetValue(code, out var name) ? new(field, name, CodeUnlessName(code, name)) : new(field, code);

    private static string? CodeUnlessName(string code, string name) =>
        string.Equals(code, name, StringComparison.OrdinalIgnoreCase) ? null : code;

    /// <summary>"exact", "approximate", "at least", "at most" from the file spelling the snapshot keeps ("at-least").</summary>
    private static string QualifierText(string fileText) =>
        Enum.TryParse<Qualifier>(fileText.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var qualifier)
            ? FigureFormat.QualifierText(qualifier)
            : fileText;
}
