using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>The figure history page as served: before and after by name, each code beside its name, changes marked.</summary>
public partial class FigureHistoryPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private FigureEditor Editor => factory.Services.GetRequiredService<FigureEditor>();

    private async Task<(int Id, string Title)> SourceAsync(string key)
    {
        await using var db = factory.CreateContext();
        var source = await db.Sources.Where(s => s.Key == key).Select(s => new { s.Id, s.Title }).SingleAsync();
        return (source.Id, source.Title);
    }

    private async Task<string> NameAsync(string metricCode)
    {
        await using var db = factory.CreateContext();
        return await db.Metrics.Where(m => m.Code == metricCode).Select(m => m.Name).SingleAsync();
    }

    private async Task<FigureInput> InputAsync(string value, string date, string location = WellKnown.Armenia, string source = "S001") => new()
    {
        MetricCode = WellKnown.CumulativeArrivals,
        LocationCode = location,
        UnitCode = WellKnown.People,
        Date = DateOnly.Parse(date, CultureInfo.InvariantCulture),
        Time = new TimeOnly(10, 0),
        ValueText = value,
        SourceId = (await SourceAsync(source)).Id,
        // About the history page, not plausibility (PlausibilityTests): saved past any warning against the seed.
        WarningReason = "test figure",
    };

    private async Task<string> HistoryHtmlAsync(int id)
    {
        using var client = factory.CreateClient();
        return WebUtility.HtmlDecode(await client.GetStringAsync($"/figures/{id}/history"));
    }

    /// <summary>The text of each part marked as changed, in page order (before, then after), with the code it shows.</summary>
    private static List<(string Field, string Text, string? Code)> Marks(string html) =>
        Marked().Matches(html).Select(m => (
            m.Groups["field"].Value,
            Tags().Replace(m.Groups["body"].Value.Replace("changed: ", "", StringComparison.Ordinal), "").Trim(),
            RecordedCode().Match(m.Groups["body"].Value) is { Success: true } code ? code.Groups["code"].Value : null)).ToList();

    [Fact]
    public async Task Correction_OfSourceAndPlace_ShowsBeforeAndAfterByName_WithTheRecordedCodes_AndMarksThem()
    {
        var editor = await Staff.CreateAsync(factory.Services, "names@example.org", StaffRoles.Editor);
        var created = await Editor.CreateAsync(editor, await InputAsync("100733", "2023-10-04"), confirmDuplicate: false);
        var id = created.Id!.Value;
        var corrected = await Editor.CorrectAsync(editor, id, 1, await InputAsync("100733", "2023-10-04", "AM-ER", "S002"), "wrong report and place", confirmDuplicate: false);
        Assert.Equal(EditStatus.Saved, corrected.Status);
        var (s1, s2) = ((await SourceAsync("S001")).Title, (await SourceAsync("S002")).Title);

        var html = await HistoryHtmlAsync(id);

        Assert.Equal(
            [
                (FigureChanges.Location, "Armenia AM", "AM"),
                (FigureChanges.Source, $"{s1} S001", "S001"),
                (FigureChanges.Location, "Yerevan AM-ER", "AM-ER"),
                (FigureChanges.Source, $"{s2} S002", "S002"),
            ],
            Marks(html));
        // The unchanged parts read as names too: the metric by its name with its code beside it, the value grouped.
        var metricName = await NameAsync(WellKnown.CumulativeArrivals);
        // The metric's name links to its definition (MetricName), its code muted beside it.
        Assert.Matches($"exact 100,733 people · <span class=\"dd-metric\"><a href=\"/metrics#{WellKnown.CumulativeArrivals}\"[^>]*>{System.Text.RegularExpressions.Regex.Escape(metricName)}</a>(?:(?!</td>)[\\s\\S])*?<span class=\"dd-code\" data-code=\"{WellKnown.CumulativeArrivals}\">", html);
        Assert.DoesNotContain("· S001", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceRenamedLater_ShowsItsCurrentTitle_BesideTheKeyTheRevisionRecorded()
    {
        var editor = await Staff.CreateAsync(factory.Services, "rename@example.org", StaffRoles.Editor);
        var (sourceId, oldTitle) = await SourceAsync("S003");
        var id = (await Editor.CreateAsync(editor, await InputAsync("100734", "2023-09-25", source: "S003"), confirmDuplicate: false)).Id!.Value;
        var sources = factory.Services.GetRequiredService<SourceEditor>();
        var (input, version) = (await sources.LoadAsync(sourceId))!.Value;
        input.Title = "Tegh municipality (title corrected)";
        Assert.Equal(EditStatus.Saved, (await sources.CorrectAsync(editor, sourceId, version, input, "title was two sources run together")).Status);

        var html = await HistoryHtmlAsync(id);

        Assert.Contains("· Tegh municipality (title corrected) <span class=\"dd-code\" data-code=\"S003\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain(oldTitle, html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<mark data-changed=\"(?<field>[^\"]+)\">(?<body>.*?)</mark>", RegexOptions.Singleline)]
    private static partial Regex Marked();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("data-code=\"(?<code>[^\"]+)\"")]
    private static partial Regex RecordedCode();
}
