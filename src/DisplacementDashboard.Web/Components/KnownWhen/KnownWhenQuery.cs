using System.Globalization;
using DisplacementDashboard.Core.History;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace DisplacementDashboard.Web.Components.KnownWhen;

/// <summary>
/// The "known when" instant of a page, read from its address (<c>?asOf=...&amp;knownAt=...</c>), and carried on to the
/// other pages that honour it, so a reader who went back to the evening of 27 September stays there.
/// </summary>
public static class KnownWhenQuery
{
    /// <summary>The pages that show figures as of an instant (the layout's banner and its links follow this list).</summary>
    public static readonly IReadOnlyList<string> Pages = ["/", "/timeline", "/shelter", "/aid", "/figures", "/sources", "/export"];

    /// <summary>The instant in the address; a bad or future value is left out (the banner names it).</summary>
    public static Core.History.KnownWhen Read(string? asOf, string? knownAt, TimeProvider time) =>
        Core.History.KnownWhen.Parse(asOf, knownAt, time.GetUtcNow().UtcDateTime, new List<(string, string)>());

    /// <summary>The instant in <paramref name="uri"/> and a message for each bad parameter.</summary>
    public static (Core.History.KnownWhen When, IReadOnlyList<(string Parameter, string Message)> Errors) Read(string uri, TimeProvider time)
    {
        var (asOf, knownAt) = Raw(uri);
        var errors = new List<(string, string)>();
        return (Core.History.KnownWhen.Parse(asOf, knownAt, time.GetUtcNow().UtcDateTime, errors), errors);
    }

    /// <summary>Whether the path of a base-relative address is one of <see cref="Pages"/> (a source's own page included).</summary>
    public static bool Honours(string relativeUri)
    {
        var end = relativeUri.AsSpan().IndexOfAny('?', '#');
        var path = "/" + (end < 0 ? relativeUri : relativeUri[..end]).Trim('/');
        return Pages.Contains(path, StringComparer.OrdinalIgnoreCase)
               || (path.StartsWith("/sources/", StringComparison.OrdinalIgnoreCase) && !path.EndsWith("/edit", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary><paramref name="href"/> with the instant of <paramref name="uri"/> added to its query (unchanged when there is none).</summary>
    public static string Carry(string href, string uri)
    {
        var (asOf, knownAt) = Raw(uri);
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(asOf))
        {
            parameters[Core.History.KnownWhen.AsOfParameter] = asOf;
        }

        if (!string.IsNullOrWhiteSpace(knownAt))
        {
            parameters[Core.History.KnownWhen.KnownAtParameter] = knownAt;
        }

        return parameters.Count == 0 ? href : QueryHelpers.AddQueryString(href, parameters);
    }

    /// <summary>The address of the same page at <paramref name="when"/> (now: both parameters removed).</summary>
    public static string At(NavigationManager navigation, Core.History.KnownWhen when) =>
        navigation.GetUriWithQueryParameters(when.QueryParameters.ToDictionary(p => p.Key, p => (object?)p.Value));

    /// <summary>An instant as a reader in Armenia reads it: "26 September 2023, 20:00 Yerevan time".</summary>
    public static string Yerevan(DateTimeOffset instant, CultureInfo culture)
    {
        var local = instant.ToOffset(Core.History.KnownWhen.ArmeniaOffset);
        var text = local.ToString("d MMMM yyyy, HH:mm", culture) + " Yerevan time";

        // Midnight is where a source with a date but no time starts to count: say which day has ended.
        return local.TimeOfDay == TimeSpan.Zero
            ? $"{text} (the end of {local.AddDays(-1).ToString("d MMMM", culture)})"
            : text;
    }

    private static (string? AsOf, string? KnownAt) Raw(string uri)
    {
        var question = uri.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return (null, null);
        }

        var hash = uri.IndexOf('#', question);
        var query = QueryHelpers.ParseQuery(hash < 0 ? uri[question..] : uri[question..hash]);
        string? Get(string name) => query.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value.FirstOrDefault();
        return (Get(Core.History.KnownWhen.AsOfParameter), Get(Core.History.KnownWhen.KnownAtParameter));
    }
}
