using System.Globalization;
using System.Text;
using System.Xml;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;

namespace DisplacementDashboard.Web.Features.Changes;

/// <summary>
/// <c>/changes.atom</c>: the latest changes (<see cref="ChangeQueries"/>, one page) as an Atom 1.0 feed (RFC 4287),
/// written with <see cref="XmlWriter"/>. Staff names are given only to signed-in staff, as on <c>/changes</c>; a feed
/// reader has no staff cookie, so it reads "an editor".
/// </summary>
public static class ChangesFeed
{
    public const string Path = "/changes.atom";

    public const string ContentType = "application/atom+xml";

    private const string Atom = "http://www.w3.org/2005/Atom";

    /// <summary>English (United Kingdom) numbers and dates, as the pages' default language.</summary>
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");

    public static IEndpointRouteBuilder MapChangesFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, WriteAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task WriteAsync(HttpContext http, ChangeQueries changes, TimeProvider time, CancellationToken cancellationToken)
    {
        var page = await changes.GetPageAsync(1, Culture, cancellationToken);
        var staff = http.User.IsInRole(StaffRoles.Editor) || http.User.IsInRole(StaffRoles.Admin);
        var site = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        http.Response.ContentType = ContentType + "; charset=utf-8";
        // A feed reader polls: let it revalidate rather than keep an old copy.
        http.Response.Headers.CacheControl = "no-cache";
        var settings = new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true };
        await using var writer = XmlWriter.Create(http.Response.Body, settings);
        await writer.WriteStartDocumentAsync();
        await writer.WriteStartElementAsync(null, "feed", Atom);
        await Element(writer, "id", site + "/changes");
        await Element(writer, "title", "Displacement Dashboard: latest changes to figures");
        await Element(writer, "subtitle", "New figures, corrections, retractions, restorations and verifications, with their reasons.");
        var updated = page.Rows.Count > 0 ? page.Rows[0].AtUtc : time.GetUtcNow().UtcDateTime;
        await Element(writer, "updated", Instant(updated));
        await Link(writer, "self", site + Path, ContentType);
        await Link(writer, "alternate", site + "/changes", "text/html");
        await writer.WriteStartElementAsync(null, "author", Atom);
        await Element(writer, "name", "Displacement Dashboard");
        await writer.WriteEndElementAsync();
        foreach (var change in page.Rows)
        {
            await writer.WriteStartElementAsync(null, "entry", Atom);
            await Element(writer, "id", $"{site}/figures/{change.FigureId.ToString(CultureInfo.InvariantCulture)}/history#revision-{change.Number.ToString(CultureInfo.InvariantCulture)}");
            await Element(writer, "title", $"{change.What}: {change.FigureText}");
            await Element(writer, "updated", Instant(change.AtUtc));
            await Link(writer, "alternate", $"{site}/figures/{change.FigureId.ToString(CultureInfo.InvariantCulture)}/history", "text/html");
            await writer.WriteStartElementAsync(null, "author", Atom);
            await Element(writer, "name", ChangesText.Who(change.UserName, staff));
            await writer.WriteEndElementAsync();
            await writer.WriteStartElementAsync(null, "content", Atom);
            await writer.WriteAttributeStringAsync(null, "type", null, "text");
            await writer.WriteStringAsync(ChangesText.Summary(change));
            await writer.WriteEndElementAsync();
            await writer.WriteEndElementAsync();
        }

        await writer.WriteEndElementAsync();
        await writer.WriteEndDocumentAsync();
        await writer.FlushAsync();
    }

    private static string Instant(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task Element(XmlWriter writer, string name, string text) => await writer.WriteElementStringAsync(null, name, Atom, text);

    private static async Task Link(XmlWriter writer, string rel, string href, string type)
    {
        await writer.WriteStartElementAsync(null, "link", Atom);
        await writer.WriteAttributeStringAsync(null, "rel", null, rel);
        await writer.WriteAttributeStringAsync(null, "type", null, type);
        await writer.WriteAttributeStringAsync(null, "href", null, href);
        await writer.WriteEndElementAsync();
    }
}

/// <summary>The words /changes and its feed share for a change.</summary>
public static class ChangesText
{
    /// <summary>The editor's name for signed-in staff; for everyone else "an editor".</summary>
    public static string Who(string userName, bool staff) => staff ? userName : "an editor";

    /// <summary>"Reason: the source revised it. Was 100,417 people. Source: ..." (what was checked, for a verification).</summary>
    public static string Summary(ChangeRow change)
    {
        var text = new StringBuilder(change.FigureText).Append('.');
        if (change.BeforeValueText is { } before)
        {
            text.Append(" Was ").Append(before).Append('.');
        }

        if (!string.IsNullOrWhiteSpace(change.Reason))
        {
            text.Append(change.Kind == RevisionKind.Verified ? " What was checked: " : " Reason: ").Append(change.Reason.Trim());
            if (!change.Reason.TrimEnd().EndsWith('.'))
            {
                text.Append('.');
            }
        }

        return text.Append(" Source: ").Append(change.SourceTitle).Append('.').ToString();
    }
}
