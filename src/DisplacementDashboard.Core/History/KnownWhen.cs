using System.Globalization;

namespace DisplacementDashboard.Core.History;

/// <summary>
/// The instant a page, an API answer or an export shows, in two senses kept apart:
/// <list type="bullet">
/// <item><see cref="RecordedByUtc"/> (<c>asOf</c>): what this store held at that instant, rebuilt from the revision
/// history, so corrections made later are not seen.</item>
/// <item><see cref="PublishedBy"/> (<c>knownAt</c>): only figures whose source had been published by then
/// (<see cref="PublishedInstant"/>), so "what was known on the evening of 27 September" can be asked.</item>
/// </list>
/// Both null is now: the current figures, all of them.
/// </summary>
public sealed record KnownWhen(DateTime? RecordedByUtc = null, DateTimeOffset? PublishedBy = null)
{
    /// <summary>Armenia's offset from UTC (no daylight saving since 2012): figure and publication times are in it.</summary>
    public static readonly TimeSpan ArmeniaOffset = TimeSpan.FromHours(4);

    public static readonly KnownWhen Now = new();

    /// <summary>The query parameter for <see cref="RecordedByUtc"/>.</summary>
    public const string AsOfParameter = "asOf";

    /// <summary>The query parameter for <see cref="PublishedBy"/>.</summary>
    public const string KnownAtParameter = "knownAt";

    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public bool IsNow => RecordedByUtc is null && PublishedBy is null;

    /// <summary>
    /// When a source counts as published: its day at its time (Yerevan time), or, when it has no time, the end of its
    /// day, so a page never shows a figure that might not have been out yet. Null when the publication date is not
    /// known: such a source is never counted as published by an instant.
    /// </summary>
    public static DateTimeOffset? PublishedInstant(DateOnly? date, TimeOnly? time) => date is not { } day
        ? null
        : time is { } t
            ? new DateTimeOffset(day.ToDateTime(t), ArmeniaOffset)
            : new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), ArmeniaOffset);

    /// <summary>Whether a source published on <paramref name="date"/> (at <paramref name="time"/>) counts at <see cref="PublishedBy"/>.</summary>
    public bool IsPublished(DateOnly? date, TimeOnly? time) =>
        PublishedBy is not { } by || (PublishedInstant(date, time) is { } at && at <= by);

    /// <summary>
    /// The same rule as <see cref="IsPublished"/> as two bounds a query can use: a source counts when its date is
    /// before <see cref="PublishedCutoff.Day"/>, or on it with a time at or before <see cref="PublishedCutoff.Time"/>.
    /// </summary>
    public PublishedCutoff? Cutoff => PublishedBy is { } by
        ? new PublishedCutoff(DateOnly.FromDateTime(by.ToOffset(ArmeniaOffset).DateTime), TimeOnly.FromDateTime(by.ToOffset(ArmeniaOffset).DateTime))
        : null;

    /// <summary>An instant in ISO 8601 with 'Z' or an offset; a space where a '+' was (an unencoded '+' in an address) is read as '+'.</summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Length > 16 && trimmed[^6] == ' ')
        {
            trimmed = string.Concat(trimmed.AsSpan(0, trimmed.Length - 6), "+", trimmed.AsSpan(trimmed.Length - 5));
        }

        if (!DateTime.TryParseExact(trimmed, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            || parsed.Kind == DateTimeKind.Unspecified)
        {
            return false;
        }

        return DateTimeOffset.TryParseExact(trimmed, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    /// <summary>
    /// Reads <c>asOf</c> and <c>knownAt</c> as given in an address. A bad or future value gets its own message (which
    /// parameter, what was given, why) and is not applied.
    /// </summary>
    public static KnownWhen Parse(string? asOf, string? knownAt, DateTime nowUtc, ICollection<(string Parameter, string Message)> errors)
    {
        DateTime? recorded = null;
        DateTimeOffset? published = null;
        if (!string.IsNullOrWhiteSpace(asOf))
        {
            if (!TryParseInstant(asOf, out var at))
            {
                errors.Add((AsOfParameter, $"'{asOf}' is not an instant in ISO 8601 form with 'Z' or an offset, e.g. 2023-09-27T14:00:00Z."));
            }
            else if (at.UtcDateTime > nowUtc)
            {
                errors.Add((AsOfParameter, $"'{asOf}' is in the future; the store's history ends now."));
            }
            else
            {
                recorded = at.UtcDateTime;
            }
        }

        if (!string.IsNullOrWhiteSpace(knownAt))
        {
            if (!TryParseInstant(knownAt, out var at))
            {
                errors.Add((KnownAtParameter, $"'{knownAt}' is not an instant in ISO 8601 form with an offset, e.g. 2023-09-27T20:00+04:00 (Yerevan time)."));
            }
            else if (at.UtcDateTime > nowUtc)
            {
                errors.Add((KnownAtParameter, $"'{knownAt}' is in the future; nothing has been published after now."));
            }
            else
            {
                published = at;
            }
        }

        return new KnownWhen(recorded, published);
    }

    /// <summary>The query parameters that carry this instant (none for now), in the forms <see cref="Parse"/> reads.</summary>
    public IReadOnlyDictionary<string, string?> QueryParameters => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [AsOfParameter] = RecordedByUtc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        [KnownAtParameter] = PublishedBy?.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture),
    };

    /// <summary>A key for caches: equal instants, equal keys.</summary>
    public string CacheKey => $"{RecordedByUtc?.Ticks}|{PublishedBy?.UtcTicks}";
}

/// <summary>See <see cref="KnownWhen.Cutoff"/>: a Yerevan day and time.</summary>
public readonly record struct PublishedCutoff(DateOnly Day, TimeOnly Time)
{
    public bool Admits(DateOnly? date, TimeOnly? time) =>
        date is { } d && (d < Day || (d == Day && time is { } t && t <= Time));
}
