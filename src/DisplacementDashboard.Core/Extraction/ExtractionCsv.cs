using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using DisplacementDashboard.Core.Csv;

namespace DisplacementDashboard.Core.Extraction;

/// <summary>
/// The candidates as CSV: <c>value,qualifier,metric,location,date,time,unit,phrase</c> (qualifier as in the figure format,
/// date yyyy-MM-dd, time HH:mm, invariant culture, empty for unknown, the phrase verbatim). Written by the <c>extract</c>
/// command and read back for the labelled fixtures, which use the same columns.
/// </summary>
public static class ExtractionCsv
{
    public static readonly string[] Columns = ["value", "qualifier", "metric", "location", "date", "time", "unit", "phrase"];

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture) { NewLine = "\n" };

    /// <summary>Writes the header and one row per candidate.</summary>
    public static void Write(TextWriter writer, IEnumerable<ExtractedFigure> figures)
    {
        using var csv = new CsvWriter(writer, Configuration, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (var f in figures)
        {
            csv.WriteField(FormatValue(f.Value));
            csv.WriteField(FigureCsv.QualifierText(f.Qualifier));
            csv.WriteField(f.Metric ?? "");
            csv.WriteField(f.Location ?? "");
            csv.WriteField(f.Date is { } date ? FigureCsv.FormatDate(date) : "");
            csv.WriteField(FigureCsv.FormatTime(f.Time) ?? "");
            csv.WriteField(f.Unit ?? "");
            csv.WriteField(f.Phrase);
            csv.NextRecord();
        }

        csv.Flush();
    }

    /// <summary>Reads rows in these columns (offsets are not in the file: Start and Length are -1 and 0).</summary>
    /// <exception cref="FormatException">A row has a value, qualifier, date or time that cannot be read; the message names the row.</exception>
    public static List<ExtractedFigure> Read(TextReader reader)
    {
        using var csv = new CsvReader(reader, Configuration, leaveOpen: true);
        var rows = new List<ExtractedFigure>();
        csv.Read();
        csv.ReadHeader();
        if (csv.HeaderRecord is not { } header || !header.SequenceEqual(Columns))
        {
            throw new FormatException($"The header must be exactly {string.Join(',', Columns)}.");
        }

        while (csv.Read())
        {
            var row = csv.Parser.Row;
            string? Cell(string name) => csv.GetField(name) is { Length: > 0 } v ? v : null;
            if (!decimal.TryParse(csv.GetField("value"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"Row {row}: value '{csv.GetField("value")}' is not a number.");
            }

            var qualifier = FigureCsv.ParseQualifier(csv.GetField("qualifier") ?? "")
                ?? throw new FormatException($"Row {row}: qualifier '{csv.GetField("qualifier")}' is not exact, approximate, at-least or at-most.");
            DateOnly? date = null;
            if (Cell("date") is { } d)
            {
                date = FigureCsv.TryParseDate(d, out var parsed) ? parsed : throw new FormatException($"Row {row}: date '{d}' is not yyyy-MM-dd.");
            }

            TimeOnly? time = null;
            if (Cell("time") is { } t)
            {
                time = FigureCsv.TryParseTime(t, out var parsed) ? parsed : throw new FormatException($"Row {row}: time '{t}' is not HH:mm.");
            }

            rows.Add(new ExtractedFigure(value, qualifier, Cell("metric"), Cell("location"), date, time, Cell("unit"), csv.GetField("phrase") ?? "", -1, 0));
        }

        return rows;
    }

    /// <summary>The invariant spelling of a value, without trailing zeros (97000000, 2.5).</summary>
    public static string FormatValue(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
