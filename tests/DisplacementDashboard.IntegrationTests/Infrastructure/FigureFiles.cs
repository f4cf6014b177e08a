using System.Text;
using DisplacementDashboard.Core.Csv;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>Figure CSV files built and read in memory.</summary>
public static class FigureFiles
{
    public static async Task<byte[]> WriteAsync(IEnumerable<FigureRecord> figures, bool hxl = false)
    {
        using var stream = new MemoryStream();
        await using (var writer = new FigureCsvWriter(stream))
        {
            await writer.WriteHeaderAsync(hxl ? Hxl.Row() : null);
            foreach (var figure in figures)
            {
                await writer.WriteAsync(figure);
            }
        }

        return stream.ToArray();
    }

    public static async Task<List<FigureRecord>> ReadStoreAsync(FigureRecordReader reader, FigureRecordQuery query)
    {
        var list = new List<FigureRecord>();
        await foreach (var figure in reader.ReadAsync(query))
        {
            list.Add(figure);
        }

        return list;
    }

    /// <summary>Parses a downloaded file with the import parser (so it is also a valid import file).</summary>
    public static async Task<FigureCsvFile> ParseAsync(byte[] bytes, ExportService exports)
    {
        using var stream = new MemoryStream(bytes);
        return await new FigureCsvParser(new ImportOptions { MaxFileBytes = long.MaxValue }).ParseAsync(stream, await exports.GetReferenceDataAsync(), FigureFileKind.Import);
    }

    public static MemoryStream Stream(byte[] bytes) => new(bytes, writable: false);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
