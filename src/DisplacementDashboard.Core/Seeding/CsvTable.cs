using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DisplacementDashboard.Core.Csv;

namespace DisplacementDashboard.Core.Seeding;

/// <summary>One data row of a CSV file, with its 1-based row number (the header is row 1).</summary>
public sealed record CsvRow(int Row, IReadOnlyDictionary<string, string> Cells)
{
    public string this[string column] => Cells.TryGetValue(column, out var v) ? v : "";

    /// <summary>The trimmed cell, or null when it is empty.</summary>
    public string? Optional(string column)
    {
        var v = this[column].Trim();
        return v.Length == 0 ? null : v;
    }
}

/// <summary>
/// Reads a CSV file whose header must be the expected columns, optionally followed by some of the later-added
/// columns in their order (RFC 4180, UTF-8, optional BOM): a file written before a column was added still reads.
/// </summary>
public static class CsvTable
{
    /// <summary>Reads all rows, or adds an error (and returns none) when the header or a row's shape is wrong.</summary>
    public static IReadOnlyList<CsvRow> Read(TextReader reader, string fileName, IReadOnlyList<string> columns, List<SeedError> errors, IReadOnlyList<string>? optionalColumns = null)
    {
        var required = columns;
        optionalColumns ??= [];
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            DetectColumnCountChanges = false,
            BadDataFound = null,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.None,
        };
        using var csv = new CsvReader(reader, config);
        var rows = new List<CsvRow>();
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
            {
                errors.Add(new SeedError(fileName, 1, "(header)", "the file is empty; expected a header row: " + string.Join(",", columns)));
                return rows;
            }

            var header = csv.HeaderRecord.Select(h => h.Trim()).ToArray();
            var extra = header.Skip(required.Count).ToArray();
            if (!header.Take(required.Count).SequenceEqual(required, StringComparer.Ordinal)
                || !extra.SequenceEqual(optionalColumns.Where(extra.Contains), StringComparer.Ordinal)
                || extra.Any(e => !optionalColumns.Contains(e, StringComparer.Ordinal))
                || extra.Distinct(StringComparer.Ordinal).Count() != extra.Length)
            {
                var expected = string.Join(",", required) + (optionalColumns.Count > 0 ? $"' (optionally followed by '{string.Join(",", optionalColumns)}')" : "'");
                errors.Add(new SeedError(fileName, 1, "(header)", $"expected the columns '{expected} but found '{string.Join(",", header)}'"));
                return rows;
            }

            columns = header;

            while (csv.Read())
            {
                var row = csv.Parser.Row;
                var record = csv.Parser.Record ?? [];
                if (record.Length != columns.Count)
                {
                    errors.Add(new SeedError(fileName, row, "(row)", $"has {record.Length} fields; expected {columns.Count}"));
                    continue;
                }

                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < columns.Count; i++)
                {
                    // Exports guard text cells against spreadsheet formulas ('=x); read back the text they stand for.
                    cells[columns[i]] = FormulaGuard.Restore(record[i]);
                }

                rows.Add(new CsvRow(row, cells));
            }
        }
        catch (CsvHelperException ex)
        {
            errors.Add(new SeedError(fileName, ex.Context?.Parser?.Row ?? 0, "(row)", "the file is not valid CSV: " + ex.GetType().Name));
        }

        return rows;
    }

    /// <summary>Opens a UTF-8 file (BOM optional) and reads it with <see cref="Read"/>.</summary>
    public static IReadOnlyList<CsvRow> ReadFile(string path, IReadOnlyList<string> columns, List<SeedError> errors, IReadOnlyList<string>? optionalColumns = null)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            errors.Add(new SeedError(name, 0, "(file)", $"the file is missing at {path}"));
            return [];
        }

        using var reader = new StreamReader(path, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        return Read(reader, name, columns, errors, optionalColumns);
    }
}
