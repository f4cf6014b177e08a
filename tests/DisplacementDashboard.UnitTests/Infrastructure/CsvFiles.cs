using System.Text;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.UnitTests.Infrastructure;

/// <summary>Small reference data and helpers to write and parse figure files in memory.</summary>
public static class CsvFiles
{
    public const string Header = "figure_id,revision,external_id,metric,location,date,time,value,unit,qualifier,source,source_title,source_publisher,source_url,source_published,note";

    public static SourceReference Tass { get; } = new("S004", "Armenian government press service via TASS", "TASS", "https://tass.com/world/1679727", new DateOnly(2023, 9, 24));

    public static CsvReferenceData Reference(params SourceReference[] extraSources) => new()
    {
        UnitDecimals = new Dictionary<string, int> { ["people"] = 0, ["families"] = 0, ["percent"] = 1, ["USD"] = 2 },
        MetricUnits = new Dictionary<string, IReadOnlyList<string>>
        {
            ["cumulative_arrivals_in_armenia"] = ["people"],
            ["planned_reception_capacity"] = ["people", "families"],
            ["share_of_population_fled"] = ["percent"],
            ["appeal_amount_rrp"] = ["USD"],
        },
        Locations = new HashSet<string> { "AM", "NK", "AM-SU" },
        Sources = new[] { Tass }.Concat(extraSources).ToDictionary(s => s.Key),
    };

    /// <summary>A valid data row; pass cells to override ("note" => "...").</summary>
    public static string Row(params (string Column, string Value)[] overrides)
    {
        var cells = new Dictionary<string, string>
        {
            ["figure_id"] = "",
            ["revision"] = "",
            ["external_id"] = "X1",
            ["metric"] = "cumulative_arrivals_in_armenia",
            ["location"] = "AM",
            ["date"] = "2023-09-24",
            ["time"] = "18:00",
            ["value"] = "377",
            ["unit"] = "people",
            ["qualifier"] = "exact",
            ["source"] = "S004",
            ["source_title"] = "",
            ["source_publisher"] = "",
            ["source_url"] = "",
            ["source_published"] = "",
            ["note"] = "",
        };
        foreach (var (column, value) in overrides)
        {
            cells[column] = value;
        }

        return string.Join(",", FigureCsv.Columns.Select(c => cells[c]));
    }

    public static FigureCsvFile Parse(string text, ImportOptions? options = null, FigureFileKind kind = FigureFileKind.Import, CsvReferenceData? reference = null) =>
        Parse(Encoding.UTF8.GetBytes(text), options, kind, reference);

    public static FigureCsvFile Parse(byte[] bytes, ImportOptions? options = null, FigureFileKind kind = FigureFileKind.Import, CsvReferenceData? reference = null)
    {
        using var stream = new MemoryStream(bytes);
        return new FigureCsvParser(options ?? new ImportOptions()).Parse(stream, reference ?? Reference(), kind);
    }

    public static async Task<string> WriteAsync(IEnumerable<FigureRecord> figures, IReadOnlyList<string>? hxl = null)
    {
        using var stream = new MemoryStream();
        await using (var writer = new FigureCsvWriter(stream))
        {
            await writer.WriteHeaderAsync(hxl);
            foreach (var figure in figures)
            {
                await writer.WriteAsync(figure);
            }
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static FigureRecord Record(string? note = null, long value = 377, string? externalId = "X1") => new(
        17, 3, externalId, "cumulative_arrivals_in_armenia", "AM", new DateOnly(2023, 9, 24), new TimeOnly(18, 0), value, "people", 0,
        Qualifier.Exact, Tass.Key, Tass.Title, Tass.Publisher, Tass.Url, Tass.Published, note);
}
