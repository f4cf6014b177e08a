using System.Globalization;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.History;

namespace DisplacementDashboard.Web.Features.Api;

/// <summary>
/// Parses and checks query parameters, collecting one message per bad parameter so an endpoint can answer
/// 400 with a ProblemDetails that names each of them. Shared by the API endpoints and the export page.
/// </summary>
public sealed class ApiQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    /// <summary>400 with an <c>errors</c> object keyed by parameter name.</summary>
    public IResult Problem() => Results.ValidationProblem(_errors, title: "One or more query parameters are invalid.");

    public void Add(string parameter, string message) => _errors[parameter] = [message];

    /// <summary>A day in the form yyyy-MM-dd, or null when absent.</summary>
    public DateOnly? Date(string parameter, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (FigureCsv.TryParseDate(text.Trim(), out var date))
        {
            return date;
        }

        Add(parameter, $"'{text}' is not a date in the form yyyy-MM-dd.");
        return null;
    }

    /// <summary>A day filter outside the dates the store accepts (<see cref="ReferenceDates"/>) is named, not applied.</summary>
    private DateOnly? InRange(string parameter, DateOnly? date, ReferenceDates? dates)
    {
        if (date is { } d && dates?.OutOfRange(d) is { } reason)
        {
            Add(parameter, reason + "; no figure can be dated there.");
            return null;
        }

        return date;
    }

    /// <summary>
    /// A UTC instant in ISO 8601 with 'Z' or an offset (2026-11-22T01:00:00Z), not later than <paramref name="nowUtc"/>;
    /// null when absent.
    /// </summary>
    public DateTime? Instant(string parameter, string? text, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!DateTime.TryParseExact(text.Trim(), InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
            || instant.Kind == DateTimeKind.Unspecified)
        {
            Add(parameter, $"'{text}' is not a UTC instant in ISO 8601 form with 'Z' or an offset, e.g. 2023-10-01T12:00:00Z.");
            return null;
        }

        var utc = instant.ToUniversalTime();
        if (utc > nowUtc)
        {
            Add(parameter, $"'{text}' is in the future; the store's history ends now.");
            return null;
        }

        return DateTime.SpecifyKind(utc, DateTimeKind.Utc);
    }

    /// <summary>
    /// <c>knownAt</c>: only figures whose source had been published by this instant (ISO 8601 with 'Z' or an offset,
    /// 2023-09-26T20:00+04:00 for Yerevan time); not in the future; null when absent.
    /// </summary>
    public PublishedCutoff? PublishedBy(string parameter, string? text, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!KnownWhen.TryParseInstant(text, out var instant))
        {
            Add(parameter, $"'{text}' is not an instant in ISO 8601 form with 'Z' or an offset, e.g. 2023-09-26T20:00+04:00 (Yerevan time).");
            return null;
        }

        if (instant.UtcDateTime > nowUtc)
        {
            Add(parameter, $"'{text}' is in the future; nothing has been published after now.");
            return null;
        }

        return new KnownWhen(PublishedBy: instant).Cutoff;
    }

    public bool Bool(string parameter, string? text)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "false" or "0":
                return false;
            case "true" or "1":
                return true;
            default:
                Add(parameter, $"'{text}' is not true or false.");
                return false;
        }
    }

    /// <summary>page (from 1) and pageSize (1 to 500, default 50) as skip and take.</summary>
    public (int Page, int PageSize) Paging(string? page, string? pageSize)
    {
        var p = Whole("page", page, 1, int.MaxValue, 1);
        var size = Whole("pageSize", pageSize, 1, MaxPageSize, DefaultPageSize);
        return (p, size);
    }

    /// <summary>Checks codes against the store and turns the parameters into a figure query (current state).</summary>
    public FigureRecordQuery Figures(CsvReferenceData reference, IReadOnlyDictionary<int, string> sourceKeysById, string? metric, string? location, string? source, string? from, string? to)
    {
        metric = Blank(metric);
        location = Blank(location);
        source = Blank(source);
        if (metric is not null && !reference.MetricUnits.ContainsKey(metric))
        {
            Add("metric", $"unknown metric '{metric}'.");
        }

        if (location is not null && !reference.Locations.Contains(location))
        {
            Add("location", $"unknown location '{location}'.");
        }

        string? sourceKey = null;
        if (source is not null)
        {
            // A source is given by key (S004) or, like the /figures page does, by its numeric id.
            if (reference.Sources.ContainsKey(source))
            {
                sourceKey = source;
            }
            else if (int.TryParse(source, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && sourceKeysById.TryGetValue(id, out var key))
            {
                sourceKey = key;
            }
            else
            {
                Add("source", $"unknown source '{source}' (give its key, e.g. S004, or its id).");
            }
        }

        var fromDate = InRange("from", Date("from", from), reference.Dates);
        var toDate = InRange("to", Date("to", to), reference.Dates);
        if (fromDate is { } f && toDate is { } t && t < f)
        {
            Add("to", $"'{to}' is before from ('{from}').");
        }

        return new FigureRecordQuery(metric, location, sourceKey, fromDate, toDate);
    }

    private int Whole(string parameter, string? text, int min, int max, int fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Add(parameter, $"'{text}' is not a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
        return fallback;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
