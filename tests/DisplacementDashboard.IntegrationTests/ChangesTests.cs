using System.Globalization;
using System.Net;
using System.Xml.Linq;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary><c>/changes</c> and <c>/changes.atom</c> as served: the latest changes with their reasons, staff names only to staff.</summary>
public class ChangesTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private FigureEditor Editor => factory.Services.GetRequiredService<FigureEditor>();

    private async Task<FigureInput> InputAsync(string value, string date)
    {
        await using var db = factory.CreateContext();
        return new FigureInput
        {
            MetricCode = WellKnown.CumulativeArrivals,
            LocationCode = "AM-TV",
            UnitCode = WellKnown.People,
            Date = DateOnly.Parse(date, CultureInfo.InvariantCulture),
            ValueText = value,
            SourceId = await db.Sources.Where(s => s.Key == "S001").Select(s => s.Id).SingleAsync(),
            WarningReason = "test figure",
        };
    }

    /// <summary>A figure entered and corrected by <paramref name="editor"/>, and verified by <paramref name="checker"/>; returns its id.</summary>
    private async Task<int> CorrectedAndVerifiedAsync(System.Security.Claims.ClaimsPrincipal editor, System.Security.Claims.ClaimsPrincipal checker, string reason)
    {
        var created = await Editor.CreateAsync(editor, await InputAsync("4321", "2023-10-01"), confirmDuplicate: true);
        Assert.Equal(EditStatus.Saved, created.Status);
        var corrected = await Editor.CorrectAsync(editor, created.Id!.Value, 1, await InputAsync("4325", "2023-10-01"), reason, confirmDuplicate: true);
        Assert.Equal(EditStatus.Saved, corrected.Status);
        var verified = await factory.Services.GetRequiredService<FigureVerifier>().VerifyAsync(checker, created.Id.Value, 2, "checked against the marz's own list");
        Assert.Equal(EditStatus.Saved, verified.Status);
        return created.Id.Value;
    }

    [Fact]
    public async Task ChangesPage_ListsTheCorrectionWithItsReason_AndTheVerification_NewestFirst_NamesOnlyToStaff()
    {
        var editor = await Staff.CreateAsync(factory.Services, "changes-editor@example.org", StaffRoles.Editor);
        var checker = await Staff.CreateAsync(factory.Services, "changes-checker@example.org", StaffRoles.Editor);
        var id = await CorrectedAndVerifiedAsync(editor, checker, "the ministry revised the Tavush count");

        using var anonymous = factory.CreateClient();
        var publicHtml = WebUtility.HtmlDecode(await anonymous.GetStringAsync("/changes"));
        using var staff = Staff.Client(factory);
        await Staff.PostLoginAsync(staff, "changes-checker@example.org", Staff.Password);
        var staffHtml = WebUtility.HtmlDecode(await staff.GetStringAsync("/changes"));

        foreach (var html in new[] { publicHtml, staffHtml })
        {
            Assert.Contains("the ministry revised the Tavush count", html, StringComparison.Ordinal);
            Assert.Contains("checked against the marz's own list", html, StringComparison.Ordinal);
            Assert.Contains($"href=\"/figures/{id}/history\"", html, StringComparison.Ordinal);
            Assert.Contains("4,325 people", html, StringComparison.Ordinal);
            Assert.Contains("(was 4,321 people)", html, StringComparison.Ordinal);
            Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\"", html, StringComparison.Ordinal);
            // Newest first: the verification, then the correction, then the new figure.
            var verification = html.IndexOf("checked against the marz's own list", StringComparison.Ordinal);
            var correction = html.IndexOf("the ministry revised the Tavush count", StringComparison.Ordinal);
            Assert.True(verification < correction, "the verification is listed before the correction");
        }

        Assert.DoesNotContain("changes-editor@example.org", publicHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("changes-checker@example.org", publicHtml, StringComparison.Ordinal);
        Assert.Contains("an editor", publicHtml, StringComparison.Ordinal);
        Assert.Contains("changes-editor@example.org", staffHtml, StringComparison.Ordinal);
        Assert.Contains(">Verification<", staffHtml, StringComparison.Ordinal);
        Assert.Contains(">Correction<", staffHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangesFeed_IsAtomXml_WithOneEntryPerChange_UpToFifty_TheCorrectionsReasonInIt_NoStaffNames()
    {
        var editor = await Staff.CreateAsync(factory.Services, "feed-editor@example.org", StaffRoles.Editor);
        var checker = await Staff.CreateAsync(factory.Services, "feed-checker@example.org", StaffRoles.Editor);
        var id = await CorrectedAndVerifiedAsync(editor, checker, "the feed's correction reason");
        await using var db = factory.CreateContext();
        var changes = await db.Revisions.CountAsync(r => r.EntityType == RevisionLog.FigureType && r.Kind != RevisionKind.Seeded);

        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/changes.atom");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var feed = XDocument.Parse(text).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.NotEmpty(feed.Element(Atom + "id")!.Value);
        Assert.NotEmpty(feed.Element(Atom + "updated")!.Value);
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(Math.Min(changes, ChangeQueries.PageSize), entries.Count);
        Assert.All(entries, e =>
        {
            Assert.NotEmpty(e.Element(Atom + "id")!.Value);
            Assert.NotEmpty(e.Element(Atom + "title")!.Value);
            Assert.True(DateTimeOffset.TryParse(e.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        });
        var correction = entries.Single(e => e.Element(Atom + "content")!.Value.Contains("the feed's correction reason", StringComparison.Ordinal));
        Assert.StartsWith("Correction: ", correction.Element(Atom + "title")!.Value, StringComparison.Ordinal);
        Assert.EndsWith($"/figures/{id}/history", correction.Element(Atom + "link")!.Attribute("href")!.Value, StringComparison.Ordinal);
        Assert.Equal("an editor", correction.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.DoesNotContain("feed-editor@example.org", text, StringComparison.Ordinal);
        Assert.DoesNotContain("feed-checker@example.org", text, StringComparison.Ordinal);
        Assert.Equal(entries.Select(e => DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture)).OrderDescending(), entries.Select(e => DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture)));
    }
}
