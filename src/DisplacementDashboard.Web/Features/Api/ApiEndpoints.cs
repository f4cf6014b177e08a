using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using Microsoft.AspNetCore.Http.Features;

namespace DisplacementDashboard.Web.Features.Api;

/// <summary>
/// The read API and the export downloads (docs/api.md): JSON lists with paging, a series per metric, CSV and
/// snapshot.zip downloads, and the OpenAPI document at /openapi/v1.json. Anyone may read what is public.
/// Handlers only check parameters and call Core services.
/// </summary>
public static class ApiEndpoints
{
    private const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>CSV export and import services, import limits, and the OpenAPI document.</summary>
    public static IServiceCollection AddDashboardApi(this IServiceCollection services)
    {
        services.AddDashboardImportExport();
        services.AddSingleton<ReferenceQueries>();
        services.AddSingleton<MetricDefinitions>();
        services.AddOpenApi(options => options.AddOperationTransformer<ApiParameterDocs>());
        return services;
    }

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();

        var export = app.MapGroup("/api/export").WithTags("Export");
        export.MapGet("/figures.csv", ExportFiguresAsync)
            .WithName("ExportFiguresCsv")
            .WithSummary("Figures as CSV (docs/csv-format.md), now or as of a UTC instant")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
        export.MapGet("/snapshot.zip", ExportSnapshotAsync)
            .WithName("ExportSnapshotZip")
            .WithSummary("figures.csv, sources.csv, events.csv and manifest.json in one archive, now or as of a UTC instant")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesValidationProblem();

        export.MapGet("/locations.csv", ExportLocations)
            .WithName("ExportLocationsCsv")
            .WithSummary("Every place with its names in English, Armenian and Russian, as CSV (HXL +i_en, +i_hy, +i_ru with hxl=true)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();

        app.MapGet("/api/import/template.csv", ImportTemplate)
            .WithTags("Export")
            .WithName("ImportTemplateCsv")
            .WithSummary("An import file to start from: the header, the HXL hashtag row and one example row that brings a new source (docs/csv-format.md)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");

        var api = app.MapGroup("/api").WithTags("Read");
        api.MapGet("/metrics", async (ReferenceQueries reference, CancellationToken cancellationToken) =>
                (await reference.GetMetricsAsync(cancellationToken: cancellationToken)).Select(ApiMetric.From).ToList())
            .WithName("GetMetrics")
            .WithSummary("Every metric, ordered by code: what it measures, its kind, the units it allows (the first is the usual one) and how many figures the store shows")
            .Produces<List<ApiMetric>>();
        api.MapGet("/units", async (ReferenceQueries reference, CancellationToken cancellationToken) =>
                (await reference.GetUnitsAsync(cancellationToken)).Select(ApiUnit.From).ToList())
            .WithName("GetUnits")
            .WithSummary("Every unit, ordered by code: count, percent or money (the code is then the currency), and the decimals a value may have")
            .Produces<List<ApiUnit>>();
        api.MapGet("/locations", async (ReferenceQueries reference, CancellationToken cancellationToken) =>
                (await reference.GetLocationsAsync(cancellationToken)).Select(ApiLocation.From).ToList())
            .WithName("GetLocations")
            .WithSummary("Every place, ordered by code, with its level and the code of the place it lies in")
            .Produces<List<ApiLocation>>();
        api.MapGet("/figures", GetFiguresAsync)
            .WithName("GetFigures")
            .WithSummary("Current figures, ordered by id, one page at a time")
            .Produces<ApiPage<ApiFigure>>()
            .ProducesValidationProblem();
        api.MapGet("/series/{metric}", GetSeriesAsync)
            .WithName("GetSeries")
            .WithSummary("The figures of one metric, one line per location and unit")
            .Produces<ApiSeries>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/sources", GetSourcesAsync)
            .WithName("GetSources")
            .WithSummary("Sources, ordered by key, one page at a time")
            .Produces<ApiPage<ApiSource>>()
            .ProducesValidationProblem();
        api.MapGet("/events", GetEventsAsync)
            .WithName("GetEvents")
            .WithSummary("Timeline events, ordered by key, one page at a time")
            .Produces<ApiPage<ApiEvent>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> ExportFiguresAsync(
        ExportService exports,
        string? metric,
        string? location,
        string? source,
        string? from,
        string? to,
        string? asOf,
        string? knownAt,
        string? hxl,
        CancellationToken cancellationToken)
    {
        var check = new ApiQuery();
        var query = check.Figures(await exports.GetReferenceDataAsync(cancellationToken), await exports.GetSourceKeysByIdAsync(cancellationToken), metric, location, source, from, to);
        var now = exports.UtcNow;
        var asOfUtc = check.Instant("asOf", asOf, now);
        var publishedBy = check.PublishedBy("knownAt", knownAt, now);
        var withHxl = check.Bool("hxl", hxl);
        if (check.HasErrors)
        {
            return check.Problem();
        }

        return Results.Stream(
            body => exports.WriteFiguresCsvAsync(body, query with { AsOfUtc = asOfUtc, PublishedBy = publishedBy }, withHxl, cancellationToken),
            CsvContentType,
            ExportService.FileName("figures", asOfUtc ?? now, "csv"));
    }

    private static IResult ExportLocations(ExportService exports, string? hxl, CancellationToken cancellationToken)
    {
        var check = new ApiQuery();
        var withHxl = check.Bool("hxl", hxl);
        return check.HasErrors
            ? check.Problem()
            : Results.Stream(body => exports.WriteLocationsCsvAsync(body, withHxl, cancellationToken), CsvContentType, "locations.csv");
    }

    private static IResult ExportSnapshotAsync(ExportService exports, HttpContext http, string? asOf, string? knownAt, CancellationToken cancellationToken)
    {
        var check = new ApiQuery();
        var now = exports.UtcNow;
        var asOfUtc = check.Instant("asOf", asOf, now);
        var publishedBy = check.PublishedBy("knownAt", knownAt, now);
        if (check.HasErrors)
        {
            return check.Problem();
        }

        // ZipArchive (.NET 9) writes its headers synchronously; the archive is still streamed, never buffered whole.
        if (http.Features.Get<IHttpBodyControlFeature>() is { } body)
        {
            body.AllowSynchronousIO = true;
        }

        return Results.Stream(
            stream => exports.WriteSnapshotZipAsync(stream, asOfUtc, publishedBy, cancellationToken),
            "application/zip",
            ExportService.FileName("snapshot", asOfUtc ?? now, "zip"));
    }

    private static async Task<IResult> GetFiguresAsync(
        ExportService exports,
        FigureRecordReader figures,
        string? metric,
        string? location,
        string? source,
        string? from,
        string? to,
        string? asOf,
        string? knownAt,
        string? page,
        string? pageSize,
        CancellationToken cancellationToken)
    {
        var check = new ApiQuery();
        var query = check.Figures(await exports.GetReferenceDataAsync(cancellationToken), await exports.GetSourceKeysByIdAsync(cancellationToken), metric, location, source, from, to);
        var now = exports.UtcNow;
        query = query with { AsOfUtc = check.Instant("asOf", asOf, now), PublishedBy = check.PublishedBy("knownAt", knownAt, now) };
        var (p, size) = check.Paging(page, pageSize);
        if (check.HasErrors)
        {
            return check.Problem();
        }

        var (items, total) = await figures.GetPageAsync(query, (int)Math.Min(int.MaxValue, ((long)p - 1) * size), size, cancellationToken);
        return Results.Ok(ApiPage<ApiFigure>.Of(items.Select(ApiFigure.From).ToList(), p, size, total));
    }

    private static async Task<IResult> GetSeriesAsync(
        ExportService exports,
        FigureRecordReader figures,
        IFigureQueries queries,
        string metric,
        string? location,
        string? from,
        string? to,
        string? asOf,
        string? knownAt,
        CancellationToken cancellationToken)
    {
        var options = await queries.GetFilterOptionsAsync(cancellationToken);
        if (options.Metrics.FirstOrDefault(m => m.Value == metric) is not { } found)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown metric", detail: $"There is no metric '{metric}'. GET /api/figures lists the metrics in use.");
        }

        var check = new ApiQuery();
        var query = check.Figures(await exports.GetReferenceDataAsync(cancellationToken), new Dictionary<int, string>(), metric, location, null, from, to);
        var now = exports.UtcNow;
        query = query with { AsOfUtc = check.Instant("asOf", asOf, now), PublishedBy = check.PublishedBy("knownAt", knownAt, now) };
        if (check.HasErrors)
        {
            return check.Problem();
        }

        var records = new List<FigureRecord>();
        await foreach (var record in figures.ReadAsync(query, cancellationToken))
        {
            records.Add(record);
        }

        var lines = records
            .GroupBy(r => (r.Location, r.Unit))
            .OrderBy(g => g.Key.Location, StringComparer.Ordinal).ThenBy(g => g.Key.Unit, StringComparer.Ordinal)
            .Select(g => new ApiSeriesLine(g.Key.Location, g.Key.Unit, g
                .OrderBy(r => r.Date).ThenBy(r => r.Time ?? TimeOnly.MaxValue).ThenBy(r => r.FigureId)
                .Select(r => new ApiPoint(r.FigureId, r.Date, FigureCsv.FormatTime(r.Time), ApiFigure.Amount(r.Value, r.Decimals), FigureCsv.QualifierText(r.Qualifier), r.Source))
                .ToList()))
            .ToList();
        return Results.Ok(new ApiSeries(metric, found.Label, query.Location, query.From, query.To, lines));
    }

    private static IResult ImportTemplate() =>
        Results.Stream(
            async body =>
            {
                await using var writer = new FigureCsvWriter(body);
                await writer.WriteHeaderAsync(Hxl.Row());
                await writer.WriteAsync(ImportTemplateExample);
            },
            CsvContentType,
            "figures-import-template.csv");

    /// <summary>
    /// The template's example row: a running total from a report the store does not know yet, described on the row so
    /// the import creates the source (replace every cell with the report's own).
    /// </summary>
    private static readonly FigureRecord ImportTemplateExample = new(
        FigureId: 0, Revision: 0, ExternalId: "example-1", Metric: "cumulative_arrivals_in_armenia", Location: "AM",
        Date: new DateOnly(2023, 10, 2), Time: new TimeOnly(12, 0), Value: 100_514, Unit: "people", Decimals: 0,
        Core.Domain.Qualifier.Exact, Source: "example-report-key", SourceTitle: "Title of the report, as published",
        SourcePublisher: "Who published it", SourceUrl: "https://example.org/the-report", SourcePublished: new DateOnly(2023, 10, 2),
        Note: "Example row: replace every cell with the report's own, or give an existing source's key and leave the four source_ cells empty.");

    private static async Task<IResult> GetSourcesAsync(IFigureQueries queries, HistoricalFigures history, TimeProvider time, string? asOf, string? knownAt, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        var check = new ApiQuery();
        var now = time.GetUtcNow().UtcDateTime;
        var asOfUtc = check.Instant("asOf", asOf, now);
        var publishedBy = check.PublishedBy("knownAt", knownAt, now);
        var (p, size) = check.Paging(page, pageSize);
        if (check.HasErrors)
        {
            return check.Problem();
        }

        // A few hundred sources at most: paged in memory over the existing queries.
        var sources = asOfUtc is { } at
            ? await history.GetSourcesAsync(at, publishedBy, cancellationToken)
            : (await queries.GetSourcesAsync(cancellationToken)).Where(s => publishedBy is not { } cutoff || cutoff.Admits(s.Published, s.PublishedTime)).ToList();
        var items = sources.Skip((int)Math.Min(int.MaxValue, ((long)p - 1) * size)).Take(size)
            .Select(s => new ApiSource(s.Id, s.Key, s.Title, s.Publisher, s.Published, s.Url, Core.Seeding.SeedReader.ToFileText(s.Kind.ToString()), s.FigureCount, FigureCsv.FormatTime(s.PublishedTime)))
            .ToList();
        return Results.Ok(ApiPage<ApiSource>.Of(items, p, size, sources.Count));
    }

    private static async Task<IResult> GetEventsAsync(FigureRecordReader reader, TimeProvider time, string? asOf, string? knownAt, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        var check = new ApiQuery();
        var now = time.GetUtcNow().UtcDateTime;
        var asOfUtc = check.Instant("asOf", asOf, now);
        var publishedBy = check.PublishedBy("knownAt", knownAt, now);
        var (p, size) = check.Paging(page, pageSize);
        if (check.HasErrors)
        {
            return check.Problem();
        }

        // An event counts at knownAt when its source does (as the source was recorded at asOf).
        var published = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (publishedBy is { } cutoff)
        {
            await foreach (var source in reader.ReadSourcesAsync(asOfUtc, cancellationToken))
            {
                published[source.Key] = cutoff.Admits(
                    FigureCsv.TryParseDate(source.Published ?? "", out var day) ? day : null,
                    source.PublishedTime is { } t && FigureCsv.TryParseTime(t, out var at) ? at : null);
            }
        }

        var skip = ((long)p - 1) * size;
        var items = new List<ApiEvent>();
        var total = 0;
        await foreach (var e in reader.ReadEventsAsync(asOfUtc, cancellationToken))
        {
            if (publishedBy is not null && !published.GetValueOrDefault(e.Source))
            {
                continue;
            }

            if (total >= skip && items.Count < size && FigureCsv.TryParseDate(e.Date, out var date))
            {
                items.Add(new ApiEvent(e.Key, date, e.Precision, e.Title, e.Description, e.Source));
            }

            total++;
        }

        return Results.Ok(ApiPage<ApiEvent>.Of(items, p, size, total));
    }
}
