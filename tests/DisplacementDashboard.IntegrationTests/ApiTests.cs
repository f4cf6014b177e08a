using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.IntegrationTests;

public class ApiTests(ImportExportFactory factory) : IClassFixture<ImportExportFactory>
{
    private async Task<(HttpStatusCode Status, JsonElement Json)> GetJsonAsync(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<byte[]> GetBytesAsync(string path, string contentType)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task PlaceFilter_TakesInThePlacesInsideIt_InTheApiAndTheExport_NowAndAsOf()
    {
        await using var db = factory.CreateContext();
        var expected = await db.Figures.Where(f => !f.IsRetracted
                && (f.Location.Code == "AM-SU" || f.Location.Parent!.Code == "AM-SU" || f.Location.Parent!.Parent!.Code == "AM-SU"))
            .Select(f => f.Location.Code).ToListAsync();
        Assert.Contains("AM-SU-GORIS", expected);

        var (status, json) = await GetJsonAsync("/api/figures?location=AM-SU&pageSize=500");
        var csv = FigureFiles.Text(await GetBytesAsync("/api/export/figures.csv?location=AM-SU", "text/csv"));
        var asOf = FigureFiles.Text(await GetBytesAsync($"/api/export/figures.csv?location=AM-SU&asOf={factory.Clock.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}", "text/csv"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected.Order(), json.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("location").GetString()!).Order());
        Assert.Equal(expected.Count, json.GetProperty("total").GetInt32());
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(expected.Count, asOf.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        Assert.Contains(rows, r => r.Contains(",AM-SU-GORIS,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_Units_AndLocations_AreTheStoresCodes_WithFigureCountsAndParents()
    {
        var (metricsStatus, metrics) = await GetJsonAsync("/api/metrics");
        var (unitsStatus, units) = await GetJsonAsync("/api/units");
        var (locationsStatus, locations) = await GetJsonAsync("/api/locations");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (metricsStatus, unitsStatus, locationsStatus));
        await using var db = factory.CreateContext();
        Assert.Equal(await db.Metrics.CountAsync(), metrics.GetArrayLength());
        var arrivals = metrics.EnumerateArray().Single(m => m.GetProperty("code").GetString() == "cumulative_arrivals_in_armenia");
        Assert.Equal("cumulative", arrivals.GetProperty("kind").GetString());
        Assert.Equal("people", arrivals.GetProperty("units")[0].GetString());
        Assert.StartsWith("Running total of people", arrivals.GetProperty("definition").GetString(), StringComparison.Ordinal);
        var shown = await db.Figures.CountAsync(f => !f.IsRetracted && f.Metric.Code == "cumulative_arrivals_in_armenia");
        Assert.Equal(shown, arrivals.GetProperty("figureCount").GetInt32());
        Assert.True(shown > 0);

        var usd = units.EnumerateArray().Single(u => u.GetProperty("code").GetString() == "USD");
        Assert.Equal(("money", 2), (usd.GetProperty("kind").GetString(), usd.GetProperty("decimals").GetInt32()));
        var syunik = locations.EnumerateArray().Single(l => l.GetProperty("code").GetString() == "AM-SU");
        Assert.Equal(("Syunik", "AM"), (syunik.GetProperty("name").GetString(), syunik.GetProperty("parent").GetString()));
        Assert.Equal(await db.Locations.CountAsync(), locations.GetArrayLength());
    }

    [Fact]
    public async Task ImportTemplate_IsAValidImportFile_WithItsHxlRow_AndOneRowBringingANewSource()
    {
        var bytes = await GetBytesAsync("/api/import/template.csv", "text/csv");

        var parsed = await FigureFiles.ParseAsync(bytes, factory.Get<ExportService>());

        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        Assert.True(parsed.HasHxlRow);
        Assert.Single(parsed.Rows);
        Assert.Equal("example-report-key", Assert.Single(parsed.NewSources).Source.Key);
    }

    [Fact]
    public async Task Figures_ArePaged_InIdOrder_WithTheTotal()
    {
        await using var db = factory.CreateContext();
        var ids = await db.Figures.Where(f => !f.IsRetracted).OrderBy(f => f.Id).Select(f => f.Id).ToListAsync();

        var (status, json) = await GetJsonAsync("/api/figures?page=2&pageSize=5");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ids.Count, json.GetProperty("total").GetInt32());
        Assert.Equal(2, json.GetProperty("page").GetInt32());
        Assert.Equal((ids.Count + 4) / 5, json.GetProperty("totalPages").GetInt32());
        Assert.Equal(ids.Skip(5).Take(5), json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task Figures_HaveIsoDates_ValuesInTheUnit_AndTheirSource()
    {
        await using var db = factory.CreateContext();
        var money = await db.Figures.Where(f => f.UnitCode == "USD")
            .Select(f => new { f.Id, f.Value, f.Unit.Decimals, f.ReferenceDate, f.Metric.Code, SourceKey = f.Source.Key }).FirstAsync();

        var (_, json) = await GetJsonAsync($"/api/figures?metric={money.Code}&pageSize=500");

        var item = json.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == money.Id);
        Assert.Equal(money.ReferenceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), item.GetProperty("date").GetString());
        Assert.Equal(money.Value / (decimal)Math.Pow(10, money.Decimals), item.GetProperty("value").GetDecimal());
        Assert.Equal(money.SourceKey, item.GetProperty("source").GetProperty("key").GetString());
    }

    [Fact]
    public async Task Series_GroupsAMetricByLocationAndUnit_InDayOrder()
    {
        await using var db = factory.CreateContext();
        var expected = await db.Figures.Where(f => !f.IsRetracted && f.Metric.Code == "planned_reception_capacity").CountAsync();

        var (status, json) = await GetJsonAsync("/api/series/planned_reception_capacity?from=2023-01-01&to=2023-12-31");

        Assert.Equal(HttpStatusCode.OK, status);
        var lines = json.GetProperty("lines").EnumerateArray().ToList();
        Assert.True(lines.Count >= 3, "people, families and places are separate lines");
        Assert.Equal(expected, lines.Sum(l => l.GetProperty("points").GetArrayLength()));
        foreach (var line in lines)
        {
            var days = line.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("date").GetString()).ToList();
            Assert.Equal(days.Order(StringComparer.Ordinal), days);
        }
    }

    [Fact]
    public async Task Sources_AndEvents_ArePagedLists()
    {
        await using var db = factory.CreateContext();
        var sources = await db.Sources.CountAsync();
        var firstEvent = await db.Events.OrderBy(e => e.Key).Select(e => e.Key).FirstAsync();

        var (sourceStatus, sourceJson) = await GetJsonAsync("/api/sources?pageSize=10");
        var (eventStatus, eventJson) = await GetJsonAsync("/api/events");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (sourceStatus, eventStatus));
        Assert.Equal(sources, sourceJson.GetProperty("total").GetInt32());
        Assert.Equal(10, sourceJson.GetProperty("items").GetArrayLength());
        Assert.Equal(await db.Events.CountAsync(), eventJson.GetProperty("total").GetInt32());
        Assert.Equal(firstEvent, eventJson.GetProperty("items")[0].GetProperty("key").GetString());
    }

    [Theory]
    [InlineData("/api/figures?page=0", "page")]
    [InlineData("/api/figures?pageSize=501", "pageSize")]
    [InlineData("/api/figures?metric=nope", "metric")]
    [InlineData("/api/figures?location=nowhere", "location")]
    [InlineData("/api/figures?source=S9999", "source")]
    [InlineData("/api/figures?from=2023-13-01", "from")]
    [InlineData("/api/figures?from=2023-10-01&to=2023-09-01", "to")]
    [InlineData("/api/figures?from=9999-12-31", "from")]
    [InlineData("/api/figures?to=2014-12-31", "to")]
    [InlineData("/api/export/figures.csv?from=2099-01-01", "from")]
    [InlineData("/api/sources?page=abc", "page")]
    [InlineData("/api/events?pageSize=-1", "pageSize")]
    [InlineData("/api/series/cumulative_arrivals_in_armenia?to=yesterday", "to")]
    [InlineData("/api/export/figures.csv?asOf=2023-10-01", "asOf")]
    [InlineData("/api/export/figures.csv?asOf=2999-01-01T00:00:00Z", "asOf")]
    [InlineData("/api/export/figures.csv?hxl=maybe", "hxl")]
    [InlineData("/api/export/snapshot.zip?asOf=noon", "asOf")]
    [InlineData("/api/export/snapshot.zip?knownAt=evening", "knownAt")]
    [InlineData("/api/export/figures.csv?knownAt=2023-09-26", "knownAt")]
    [InlineData("/api/figures?knownAt=2999-01-01T00:00Z", "knownAt")]
    [InlineData("/api/figures?asOf=yesterday", "asOf")]
    [InlineData("/api/series/cumulative_arrivals_in_armenia?knownAt=noon", "knownAt")]
    [InlineData("/api/sources?asOf=2999-01-01T00:00:00Z", "asOf")]
    [InlineData("/api/events?knownAt=x", "knownAt")]
    [InlineData("/api/export/locations.csv?hxl=maybe", "hxl")]
    public async Task BadQuery_Answers400_NamingTheParameter(string path, string parameter)
    {
        var (status, json) = await GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.True(json.GetProperty("errors").TryGetProperty(parameter, out var messages), json.ToString());
        Assert.NotEmpty(messages.EnumerateArray());
    }

    [Fact]
    public async Task LocationsCsv_CarriesTheNamesInEnglishArmenianAndRussian_WithHxlLanguageAttributes()
    {
        var text = FigureFiles.Text(await GetBytesAsync("/api/export/locations.csv?hxl=true", "text/csv"));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("code,name,name_hy,name_ru,parent,level,pcode", lines[0]);
        Assert.Equal("#loc+code,#loc+name+i_en,#loc+name+i_hy,#loc+name+i_ru,#loc+code+parent,#loc+type,#loc+code+pcode", lines[1]);
        Assert.Contains("AM-SU,Syunik,Սյունիք,Сюник,AM,adm1,", lines);
        await using var db = factory.CreateContext();
        Assert.Equal(await db.Locations.CountAsync(), lines.Length - 2);
        var withoutHxl = FigureFiles.Text(await GetBytesAsync("/api/export/locations.csv", "text/csv"));
        Assert.DoesNotContain("#loc", withoutHxl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_OfAnUnknownMetric_Is404Problem()
    {
        var (status, json) = await GetJsonAsync("/api/series/no_such_metric");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no_such_metric", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryEndpoint()
    {
        var (status, json) = await GetJsonAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, status);
        var paths = json.GetProperty("paths");
        foreach (var path in new[] { "/api/figures", "/api/series/{metric}", "/api/sources", "/api/events", "/api/export/figures.csv", "/api/export/snapshot.zip" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }

    [Fact]
    public async Task AVerifiedFigure_IsVerifiedInTheApiAndTheCsvExport_TheOthersAreNot()
    {
        await using var db = factory.CreateContext();
        // A seed figure: entered by the seed, so any editor is the second person.
        var figure = await db.Figures.Where(f => !f.IsRetracted && f.Metric.Code == "cumulative_arrivals_in_armenia" && f.Location.Code == "AM")
            .OrderBy(f => f.Id).Select(f => new { f.Id, f.Version }).FirstAsync();
        var checker = await factory.CreateStaffAsync("api-checker", Core.Domain.StaffRoles.Editor);
        Assert.Equal(Core.Editing.EditStatus.Saved, (await factory.Get<Core.Editing.FigureVerifier>().VerifyAsync(checker, figure.Id, figure.Version, "checked against the report")).Status);

        var (_, json) = await GetJsonAsync("/api/figures?metric=cumulative_arrivals_in_armenia&location=AM&pageSize=500");
        var csv = FigureFiles.Text(await GetBytesAsync("/api/export/figures.csv?metric=cumulative_arrivals_in_armenia&location=AM", "text/csv"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var verified = json.GetProperty("items").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetInt32(), f => f.GetProperty("verified").GetBoolean());
        Assert.True(verified[figure.Id]);
        Assert.Equal([figure.Id], verified.Where(v => v.Value).Select(v => v.Key));
        Assert.Single(csv, r => r.EndsWith(",true", StringComparison.Ordinal));
        Assert.StartsWith(figure.Id.ToString(CultureInfo.InvariantCulture) + ",", csv.Single(r => r.EndsWith(",true", StringComparison.Ordinal)), StringComparison.Ordinal);
        // Every other row ends with false (a quoted note over several lines only splits a row before its last cell).
        Assert.Equal(verified.Count - 1, csv.Count(r => r.EndsWith(",false", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FiguresCsv_WithHxl_HasTheMetricHashtag_AndEveryFigureOfTheFilter()
    {
        await using var db = factory.CreateContext();
        var expected = await db.Figures.Where(f => !f.IsRetracted && f.Metric.Code == "cumulative_arrivals_in_armenia" && f.Location.Code == "AM").OrderBy(f => f.Id).Select(f => f.Id).ToListAsync();

        var bytes = await GetBytesAsync("/api/export/figures.csv?metric=cumulative_arrivals_in_armenia&location=AM&hxl=true", "text/csv");

        var lines = FigureFiles.Text(bytes).Split('\n');
        Assert.Equal(string.Join(",", FigureCsv.ExportColumns), lines[0]);
        Assert.EndsWith(",verified", lines[0], StringComparison.Ordinal);
        Assert.Equal(string.Join(",", [.. Hxl.Row("cumulative_arrivals_in_armenia", Core.Domain.MetricKind.Cumulative, "people", Core.Domain.LocationLevel.Country), "#status+verified"]), lines[1]);
        var parsed = await FigureFiles.ParseAsync(bytes, factory.Get<ExportService>());
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        Assert.Equal(expected, parsed.Rows.Select(r => r.Figure!.FigureId!.Value));
    }

    [Fact]
    public async Task SnapshotZip_ManifestHashesAndRowCountsMatchItsFiles()
    {
        await using var db = factory.CreateContext();
        var counts = new Dictionary<string, int>
        {
            ["figures.csv"] = await db.Figures.CountAsync(f => !f.IsRetracted),
            ["sources.csv"] = await db.Sources.CountAsync(),
            ["events.csv"] = await db.Events.CountAsync(),
            ["units.csv"] = await db.Units.CountAsync(),
            ["metrics.csv"] = await db.Metrics.CountAsync(),
            ["locations.csv"] = await db.Locations.CountAsync(),
        };

        var bytes = await GetBytesAsync("/api/export/snapshot.zip", "application/zip");

        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Equal(["figures.csv", "sources.csv", "events.csv", "units.csv", "metrics.csv", "locations.csv", "manifest.json"], zip.Entries.Select(e => e.FullName));
        using var manifestReader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var manifest = JsonDocument.Parse(await manifestReader.ReadToEndAsync()).RootElement;
        Assert.Equal(factory.Clock.UtcNow, manifest.GetProperty("asOfUtc").GetDateTime().ToUniversalTime());
        foreach (var file in manifest.GetProperty("files").EnumerateArray())
        {
            var name = file.GetProperty("name").GetString()!;
            using var content = new MemoryStream();
            await using (var entry = zip.GetEntry(name)!.Open())
            {
                await entry.CopyToAsync(content);
            }

            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content.ToArray())), file.GetProperty("sha256").GetString());
            Assert.Equal(content.Length, file.GetProperty("bytes").GetInt64());
            Assert.Equal(counts[name], file.GetProperty("rows").GetInt32());
        }
    }

    [Fact]
    public async Task ExportPage_Answers200_WithDownloadLinksCarryingTheFilters()
    {
        using var client = factory.CreateClient();
        var html = await client.GetStringAsync("/export?metric=depot_blast_deaths&hxl=true");

        Assert.Contains("/api/export/figures.csv?metric=depot_blast_deaths&amp;hxl=true", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"download-zip\"", html, StringComparison.Ordinal);
    }
}
