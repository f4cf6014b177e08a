using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Extraction;

/// <summary>
/// A figure the extractor proposes from a report's text: a candidate for an analyst to accept, edit or reject, never a
/// figure by itself. <see cref="Phrase"/> is the verbatim text at <see cref="Start"/> (<see cref="Length"/> characters),
/// so a reviewer can see exactly what was read.
/// </summary>
/// <param name="Value">The number in the unit's own scale: 1.5 million people is 1500000, $97 million is 97000000, 95 percent is 95.</param>
/// <param name="Qualifier">How the published number relates to the true value ("more than" is at-least).</param>
/// <param name="Metric">The store's metric code the words around the number point to, or null when none fits.</param>
/// <param name="Location">The store's location code, or null when the text names no place the metric allows.</param>
/// <param name="Date">The reference date the text attaches to the figure, else the report's publication date.</param>
/// <param name="Time">The local time of day when the text gives one ("as of 8:00 pm").</param>
/// <param name="Unit">The store's unit code (people, families, USD, percent...), or null when it cannot be told.</param>
/// <param name="Phrase">The verbatim text the figure was read from, qualifier and counted noun included ("more than 100,000 people").</param>
/// <param name="Start">Where <paramref name="Phrase"/> starts in the text (characters).</param>
/// <param name="Length">Its length in characters.</param>
public sealed record ExtractedFigure(
    decimal Value,
    Qualifier Qualifier,
    string? Metric,
    string? Location,
    DateOnly? Date,
    TimeOnly? Time,
    string? Unit,
    string Phrase,
    int Start,
    int Length);
