using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// "Known when" (issue 12) through the real app on its own store and clock: after a correction each page at an
/// earlier <c>asOf</c> shows the value the store held then, and at <c>knownAt</c> only figures whose source had been
/// published by that instant (its date and, when known, its time in Yerevan) are shown.
/// </summary>
public class KnownWhenTests(ImportExportFactory factory) : IClassFixture<ImportExportFactory>
{
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The instant of the issue's test: the evening of 26 September 2023 in Yerevan.</summary>
    private static readonly DateTimeOffset EveningOf26September = new(2023, 9, 26, 20, 0, 0, KnownWhen.ArmeniaOffset);

    private IDashboardService Dashboard => factory.Get<IDashboardService>();

    private async Task<string> GetPageAsync(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Moves the clock on, corrects the figure to <paramref name="value"/> (as stored: cents for money) and returns an instant before the correction.</summary>
    private async Task<DateTimeOffset> CorrectAsync(FigureRow figure, long value)
    {
        var figureId = figure.Id;
        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var before = factory.Clock.GetUtcNow();
        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var editor = factory.Get<FigureEditor>();
        var loaded = Assert.IsType<FigureForEdit>(await editor.LoadAsync(figureId));
        loaded.Input.ValueText = (value / (decimal)Math.Pow(10, figure.UnitDecimals)).ToString(CultureInfo.InvariantCulture);
        loaded.Input.WarningReason = "test correction";
        var user = await factory.CreateStaffAsync("corrector-" + Guid.NewGuid().ToString("N")[..8], StaffRoles.Editor);
        var result = await editor.CorrectAsync(user, figureId, loaded.Version, loaded.Input, "the source corrected its count", confirmDuplicate: true);
        Assert.Equal(EditStatus.Saved, result.Status);
        return before;
    }

    [Fact]
    public async Task OverviewAndTimeline_AtAnEarlierAsOf_ShowTheValueBeforeTheCorrection()
    {
        var headline = Assert.IsType<HeadlineFigure>((await Dashboard.GetOverviewAsync()).Arrivals).Figure;
        var corrected = headline.Value + 1_234;
        var before = await CorrectAsync(headline, corrected);

        var now = await GetPageAsync("/");
        var then = await GetPageAsync("/?asOf=" + Iso(before));
        var window = $"/timeline?from=2023-09-19&to={headline.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        var timelineNow = await GetPageAsync(window);
        var timelineThen = await GetPageAsync(window + "&asOf=" + Iso(before));

        Assert.Contains(corrected.ToString("N0", EnGb), now, StringComparison.Ordinal);
        Assert.Contains(headline.Value.ToString("N0", EnGb), then, StringComparison.Ordinal);
        Assert.DoesNotContain(corrected.ToString("N0", EnGb), then, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"knownwhen-banner\"", then, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"knownwhen-banner\"", now, StringComparison.Ordinal);
        Assert.Contains(corrected.ToString("N0", EnGb), timelineNow, StringComparison.Ordinal);
        Assert.Contains(headline.Value.ToString("N0", EnGb), timelineThen, StringComparison.Ordinal);
        Assert.DoesNotContain(corrected.ToString("N0", EnGb), timelineThen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShelterAidFiguresAndSources_AtAnEarlierAsOf_ShowTheValueBeforeTheCorrection()
    {
        var shelter = Assert.IsType<MarzBreakdown>((await Dashboard.GetShelterAsync(null)).Selected);
        var marz = shelter.Rows[0];
        var aid = (await Dashboard.GetAidAsync()).Money.SelectMany(g => g.Figures).First();
        var history = factory.Get<HistoricalFigures>();

        var beforeShelter = await CorrectAsync(marz, marz.Value + 7);
        var beforeAid = await CorrectAsync(aid, aid.Value + 70_000);

        var shelterThen = Assert.IsType<MarzBreakdown>((await Dashboard.GetShelterAsync(shelter.Snapshot.Key, new KnownWhen(beforeShelter.UtcDateTime))).Selected);
        var shelterNow = Assert.IsType<MarzBreakdown>((await Dashboard.GetShelterAsync(shelter.Snapshot.Key)).Selected);
        Assert.Equal(shelter.Sum, shelterThen.Sum);
        Assert.Equal(shelter.Sum + 7, shelterNow.Sum);
        Assert.Contains(shelter.Sum.ToString("N0", EnGb), await GetPageAsync("/shelter?asOf=" + Iso(beforeShelter)), StringComparison.Ordinal);

        long AidValue(AidModel model) => model.Money.SelectMany(g => g.Figures).Single(f => f.Id == aid.Id).Value;
        Assert.Equal(aid.Value, AidValue(await Dashboard.GetAidAsync(new KnownWhen(beforeAid.UtcDateTime))));
        Assert.Equal(aid.Value + 70_000, AidValue(await Dashboard.GetAidAsync()));

        // The figures list at the instant (what its grid asks for): the old value, the same total.
        var filter = new FigureFilter([marz.MetricCode], marz.LocationCode);
        var pageThen = await history.GetPageAsync(beforeShelter.UtcDateTime, filter, 0, 50, FigureSort.Date, true);
        var pageNow = await factory.Get<IFigureQueries>().GetPageAsync(filter, 0, 50, FigureSort.Date, true);
        Assert.Equal(pageNow.Total, pageThen.Total);
        Assert.Equal(marz.Value, pageThen.Rows.Single(r => r.Id == marz.Id).Value);
        Assert.Equal(marz.Value + 7, pageNow.Rows.Single(r => r.Id == marz.Id).Value);
    }

    [Fact]
    public async Task Sources_BeforeTheStoreHeldAnything_ListNoSource_AndNowListThemAll()
    {
        await using var db = factory.CreateContext();
        var count = await db.Sources.CountAsync();
        var beforeSeeding = Iso(ImportExportFactory.Start.AddMinutes(-1));

        var then = await GetPageAsync("/sources?asOf=" + beforeSeeding);
        var now = await GetPageAsync("/sources");

        Assert.Contains($"{count} sources", now, StringComparison.Ordinal);
        Assert.Contains("0 sources", then, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_KnownAtTheEveningOf26September_ShowsNoFigurePublishedLater()
    {
        // One source of that day gets a time of publication before the evening, one after: the first counts, the
        // second (and every source of that day without a time) does not.
        await using var db = factory.CreateContext();
        var ofThatDay = await db.Sources.Where(s => s.Published == new DateOnly(2023, 9, 26) && s.Figures.Any()).OrderBy(s => s.Key).ToListAsync();
        Assert.True(ofThatDay.Count >= 2, "the seed has several sources of 26 September with figures");
        ofThatDay[0].PublishedTime = new TimeOnly(14, 0);
        ofThatDay[1].PublishedTime = new TimeOnly(21, 30);
        await db.SaveChangesAsync();
        var published = (await db.Sources.Select(s => new { s.Id, s.Published, s.PublishedTime }).ToListAsync())
            .ToDictionary(s => s.Id, s => KnownWhen.PublishedInstant(s.Published, s.PublishedTime));
        bool PublishedByThen(int sourceId) => published[sourceId] is { } at && at <= EveningOf26September;

        var then = await Dashboard.GetOverviewAsync(new KnownWhen(PublishedBy: EveningOf26September));
        var now = await Dashboard.GetOverviewAsync();

        var shown = Rows(then).ToList();
        Assert.NotEmpty(shown);
        Assert.All(shown, row => Assert.True(PublishedByThen(row.SourceId), $"figure {row.Id} of source {row.SourceTitle} was published after the instant"));
        Assert.Contains(Rows(now), row => !PublishedByThen(row.SourceId)); // the instant does leave figures out

        // The headline is the latest arrivals figure among those published by then.
        var arrivals = await db.Figures.Where(f => f.Metric.Code == WellKnown.CumulativeArrivals && f.Location.Code == WellKnown.Armenia && f.UnitCode == WellKnown.People)
            .Select(f => new { f.SourceId, f.ReferenceDate }).ToListAsync();
        var latest = arrivals.Where(f => PublishedByThen(f.SourceId)).Max(f => f.ReferenceDate);
        Assert.Equal(latest, Assert.IsType<HeadlineFigure>(then.Arrivals).Figure.Date);

        // The page: the banner names the instant, and no title of a source published later appears.
        var html = await GetPageAsync("/?knownAt=" + Uri.EscapeDataString("2023-09-26T20:00+04:00"));
        Assert.Contains("data-testid=\"knownwhen-banner\"", html, StringComparison.Ordinal);
        Assert.Contains("26 September 2023, 20:00 Yerevan time", html, StringComparison.Ordinal);
        Assert.Contains(then.Arrivals!.Figure.Value.ToString("N0", EnGb), html, StringComparison.Ordinal);
        foreach (var row in Rows(now).Where(r => !PublishedByThen(r.SourceId)))
        {
            Assert.DoesNotContain(row.SourceTitle, html, StringComparison.Ordinal);
        }

        // The same through the address with an unencoded '+', as a reader types it.
        var typed = await GetPageAsync("/?knownAt=2023-09-26T20:00+04:00");
        Assert.Contains("26 September 2023, 20:00 Yerevan time", typed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_KnownAtAnInstant_ListsOnlyFiguresAndEventsPublishedByThen()
    {
        var instant = new DateTimeOffset(2023, 9, 25, 12, 0, 0, KnownWhen.ArmeniaOffset);
        var then = await Dashboard.GetTimelineAsync(TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo, new KnownWhen(PublishedBy: instant));
        var now = await Dashboard.GetTimelineAsync(TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo);

        await using var db = factory.CreateContext();
        var published = (await db.Sources.Select(s => new { s.Id, s.Published, s.PublishedTime }).ToListAsync())
            .ToDictionary(s => s.Id, s => KnownWhen.PublishedInstant(s.Published, s.PublishedTime));
        var thenSources = then.Events.Select(e => e.SourceId).ToList();
        Assert.All(thenSources, id => Assert.True(published[id] <= instant));
        Assert.True(now.Events.Count > then.Events.Count, "later events are left out");
    }

    [Fact]
    public async Task FiguresGrid_KnownAtAnInstant_ShowsNoDisagreementWithASourcePublishedLater()
    {
        await using var db = factory.CreateContext();
        var published = (await db.Sources.Select(s => new { s.Id, s.Published, s.PublishedTime }).ToListAsync())
            .ToDictionary(s => s.Id, s => KnownWhen.PublishedInstant(s.Published, s.PublishedTime));
        var queries = factory.Get<IFigureQueries>();
        var now = await queries.GetPageAsync(new FigureFilter(), 0, 500, FigureSort.Date, false);

        // A figure whose every disagreeing figure came from a source published after its own.
        var (figure, disagreement) = now.Rows
            .Where(r => published[r.SourceId] is not null && now.Disagreements.ContainsKey(r.Id))
            .Select(r => (r, now.Disagreements[r.Id]))
            .First(p => p.Item2.Others.All(o => published[o.SourceId] is not { } at || at > published[p.r.SourceId]));
        var knownAt = published[figure.SourceId]!.Value;

        var then = await queries.GetPageAsync(new FigureFilter(PublishedBy: new KnownWhen(PublishedBy: knownAt).Cutoff), 0, 500, FigureSort.Date, false);

        Assert.NotEmpty(disagreement.Others);
        Assert.Contains(then.Rows, r => r.Id == figure.Id);
        Assert.False(then.Disagreements.ContainsKey(figure.Id), $"figure {figure.Id} is shown disagreeing with a source published after {knownAt}");
        Assert.All(then.Rows, r => Assert.True(published[r.SourceId] <= knownAt));
    }

    [Theory]
    [InlineData("/?asOf=noon", "'noon' is not an instant")]
    [InlineData("/timeline?knownAt=2023-09-26", "'2023-09-26' is not an instant")]
    [InlineData("/shelter?asOf=2999-01-01T00:00:00Z", "is in the future")]
    [InlineData("/aid?knownAt=2999-01-01T00:00Z", "is in the future")]
    [InlineData("/figures?asOf=%3Cscript%3E", "'<script>' is not an instant")]
    [InlineData("/sources?knownAt=yesterday", "'yesterday' is not an instant")]
    public async Task BadOrFutureInstant_Answers200_WithAWarningNamingIt_AndTheCurrentFigures(string path, string message)
    {
        var html = await GetPageAsync(path);

        Assert.Contains("data-testid=\"knownwhen-error\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"knownwhen-banner\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourcePage_BeforeItsPublication_SaysSo()
    {
        await using var db = factory.CreateContext();
        var source = await db.Sources.Where(s => s.Published == new DateOnly(2023, 9, 27)).OrderBy(s => s.Key).Select(s => new { s.Id, s.Title }).FirstAsync();

        var before = await GetPageAsync($"/sources/{source.Id}?knownAt=" + Uri.EscapeDataString("2023-09-27T08:00+04:00"));
        var after = await GetPageAsync($"/sources/{source.Id}?knownAt=" + Uri.EscapeDataString("2023-09-28T08:00+04:00"));

        Assert.Contains("data-testid=\"source-not-yet-published\"", before, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"source-not-yet-published\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceEditor_KeepsATimeOfPublication_AndRefusesOneWithoutADate()
    {
        var editor = factory.Get<SourceEditor>();
        var user = await factory.CreateStaffAsync("source-editor", StaffRoles.Editor);

        var refused = await editor.CreateAsync(user, new SourceInput { Title = "Government update, evening", Publisher = "Government of Armenia", PublishedTime = new TimeOnly(19, 30) });
        var saved = await editor.CreateAsync(user, new SourceInput { Title = "Government update, evening", Publisher = "Government of Armenia", Published = new DateOnly(2023, 9, 27), PublishedTime = new TimeOnly(19, 30) });

        Assert.NotEqual(EditStatus.Saved, refused.Status);
        Assert.Contains(refused.FieldErrors, e => e.Field == nameof(SourceInput.PublishedTime));
        Assert.Equal(EditStatus.Saved, saved.Status);
        await using var db = factory.CreateContext();
        var stored = await db.Sources.SingleAsync(s => s.Title == "Government update, evening");
        Assert.Equal(new TimeOnly(19, 30), stored.PublishedTime);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Api_FiguresAndSeries_AtAsOf_GiveTheValueBeforeTheCorrection()
    {
        var headline = Assert.IsType<HeadlineFigure>((await Dashboard.GetOverviewAsync()).Arrivals).Figure;
        var before = await CorrectAsync(headline, headline.Value + 4_321);
        var metric = headline.MetricCode;

        long ValueIn(JsonElement items) => items.EnumerateArray().Single(f => f.GetProperty("id").GetInt32() == headline.Id).GetProperty("value").GetInt64();
        var then = await GetJsonAsync($"/api/figures?metric={metric}&location=AM&pageSize=500&asOf={Iso(before)}");
        var now = await GetJsonAsync($"/api/figures?metric={metric}&location=AM&pageSize=500");
        Assert.Equal(headline.Value, ValueIn(then.GetProperty("items")));
        Assert.Equal(headline.Value + 4_321, ValueIn(now.GetProperty("items")));
        Assert.Equal(now.GetProperty("total").GetInt32(), then.GetProperty("total").GetInt32());

        long PointIn(JsonElement series) => series.GetProperty("lines").EnumerateArray().SelectMany(l => l.GetProperty("points").EnumerateArray())
            .Single(p => p.GetProperty("figureId").GetInt32() == headline.Id).GetProperty("value").GetInt64();
        Assert.Equal(headline.Value, PointIn(await GetJsonAsync($"/api/series/{metric}?location=AM&asOf={Iso(before)}")));
        Assert.Equal(headline.Value + 4_321, PointIn(await GetJsonAsync($"/api/series/{metric}?location=AM")));
    }

    [Fact]
    public async Task Api_AndExport_KnownAtAnInstant_LeaveOutEveryFigureEventAndSourcePublishedLater()
    {
        var knownAt = Uri.EscapeDataString("2023-09-26T20:00+04:00");
        await using var db = factory.CreateContext();
        var sources = await db.Sources.Select(s => new { s.Id, s.Key, s.Published, s.PublishedTime }).ToListAsync();
        var publishedByThen = sources.Where(s => KnownWhen.PublishedInstant(s.Published, s.PublishedTime) is { } at && at <= EveningOf26September)
            .Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var expected = await db.Figures.Where(f => !f.IsRetracted).Select(f => f.Source.Key).ToListAsync();
        var expectedCount = expected.Count(publishedByThen.Contains);
        Assert.InRange(expectedCount, 1, expected.Count - 1); // the instant keeps some figures and leaves some out

        var figures = await GetJsonAsync($"/api/figures?pageSize=500&knownAt={knownAt}");
        Assert.Equal(expectedCount, figures.GetProperty("total").GetInt32());
        Assert.All(figures.GetProperty("items").EnumerateArray(), f => Assert.Contains(f.GetProperty("source").GetProperty("key").GetString()!, publishedByThen));

        var apiSources = await GetJsonAsync($"/api/sources?pageSize=500&knownAt={knownAt}");
        Assert.Equal(publishedByThen.Order(StringComparer.Ordinal), apiSources.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
        var events = await GetJsonAsync($"/api/events?pageSize=500&knownAt={knownAt}");
        Assert.All(events.GetProperty("items").EnumerateArray(), e => Assert.Contains(e.GetProperty("source").GetString()!, publishedByThen));

        using var client = factory.CreateClient();
        var csv = await client.GetStringAsync($"/api/export/figures.csv?knownAt={knownAt}");
        Assert.Equal(expectedCount, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);

        await using var zipStream = await client.GetStreamAsync($"/api/export/snapshot.zip?knownAt={knownAt}");
        using var zip = new ZipArchive(zipStream);
        using var sourcesCsv = new StreamReader(zip.GetEntry("sources.csv")!.Open());
        var lines = (await sourcesCsv.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",published_time", lines[0].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Equal(publishedByThen.Count, lines.Length - 1);
        using var manifest = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var knownAtInManifest = JsonDocument.Parse(await manifest.ReadToEndAsync()).RootElement.GetProperty("knownAt").GetDateTimeOffset();
        Assert.Equal(EveningOf26September, knownAtInManifest);
    }

    private static IEnumerable<FigureRow> Rows(OverviewModel model)
    {
        IEnumerable<FigureRow> Of(HeadlineFigure? headline) => headline is null ? [] : headline.Disagreeing.Prepend(headline.Figure);
        return Of(model.Arrivals).Concat(Of(model.Accommodation)).Concat(Of(model.Deaths)).Concat(Of(model.Injured)).Concat(Of(model.Missing))
            .Concat(model.EarlyDeathTolls)
            .Concat(model.ArrivalsAtExodusEnd is { } end ? [end] : [])
            .Concat(model.ShareOfPopulation is { } share ? [share.Numerator, share.Denominator] : [])
            .Concat(model.MultipleOfPreparation is { } multiple ? [multiple.Numerator, multiple.Denominator] : []);
    }
}
