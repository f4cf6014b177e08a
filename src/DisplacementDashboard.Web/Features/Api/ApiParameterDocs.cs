using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DisplacementDashboard.Web.Features.Api;

/// <summary>
/// Describes and types the query parameters in the OpenAPI document. The handlers take every parameter as a string
/// so that a bad value is answered with a 400 naming it (<see cref="ApiQuery"/>) instead of a binding failure; the
/// document states what a good value is: a date, a date-time, a whole number within its limits, a boolean.
/// </summary>
internal sealed class ApiParameterDocs : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, (string Description, Func<OpenApiSchema> Schema)> Parameters = new(StringComparer.Ordinal)
    {
        ["metric"] = ("A metric code (GET /api/metrics lists them), for example cumulative_arrivals_in_armenia.",
            () => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[a-z0-9_]+$" }),
        ["location"] = ("A place code (GET /api/locations lists them); the place and the places inside it, for example AM-SU (Syunik) includes AM-SU-GORIS.",
            () => new OpenApiSchema { Type = JsonSchemaType.String }),
        ["source"] = ("A source key (S004) or its numeric id, as in /figures?source=; GET /api/sources lists them.",
            () => new OpenApiSchema { Type = JsonSchemaType.String }),
        ["from"] = ("Reference dates from this day (inclusive), yyyy-MM-dd, within the dates the store accepts; outside them the answer is 400 naming the parameter.",
            () => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" }),
        ["to"] = ("Reference dates up to this day (inclusive), yyyy-MM-dd, within the dates the store accepts; outside them the answer is 400 naming the parameter.",
            () => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" }),
        ["asOf"] = ("What the store held at this UTC instant (ISO 8601 with Z or an offset), from the revision history; not in the future. Left out: now.",
            () => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }),
        ["knownAt"] = ("Only figures (and events, sources) whose source had been published by this instant, ISO 8601 with Z or an offset, e.g. 2023-09-26T20:00+04:00 (Yerevan time); a source with a date but no time counts from the end of its day (Yerevan), one with no date never. Not in the future. Independent of asOf; both may be given.",
            () => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }),
        ["hxl"] = ("true adds the HXL hashtag row under the CSV header (docs/csv-format.md); default false.",
            () => new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = JsonValue.Create(false) }),
        ["page"] = ("The page to return, from 1; default 1.",
            () => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Default = JsonValue.Create(1) }),
        ["pageSize"] = (string.Create(CultureInfo.InvariantCulture, $"Items per page, 1 to {ApiQuery.MaxPageSize}; default {ApiQuery.DefaultPageSize}."),
            () => new OpenApiSchema
            {
                Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1",
                Maximum = ApiQuery.MaxPageSize.ToString(CultureInfo.InvariantCulture), Default = JsonValue.Create(ApiQuery.DefaultPageSize),
            }),
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } name && Parameters.TryGetValue(name, out var doc))
            {
                parameter.Description = parameter.In == ParameterLocation.Path && name == "metric"
                    ? "The metric's code (GET /api/metrics lists them); an unknown code is answered with 404."
                    : doc.Description;
                parameter.Schema = doc.Schema();
            }
        }

        return Task.CompletedTask;
    }
}
