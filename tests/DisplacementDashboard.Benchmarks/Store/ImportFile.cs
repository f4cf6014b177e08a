using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Benchmarks.Store;

/// <summary>
/// A figure file to import into the synthetic store: new figures only (unique external ids the store does not have,
/// unique values so no two rows share a natural key), with the plan's metric, place and source codes, dates within
/// each crisis' year, provenance cells filled as an export fills them (so the importer checks them), and a note on one
/// row in ten, some starting with a formula character (written guarded, restored on import). Written with the app's
/// own <see cref="FigureCsvWriter"/>, so it is exactly the export format with empty figure_id and revision.
/// </summary>
public static class ImportFile
{
    public const string Unit = "people";

    public static string ExternalId(int seed, int row) => FormattableString.Invariant($"bench-import-{seed}-{row:D7}");

    /// <summary>Writes <paramref name="rows"/> data rows; the same plan, rows and seed give the same bytes.</summary>
    public static async Task<int> WriteAsync(Stream output, SyntheticPlan plan, int rows, int seed)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var random = new Random(seed);
        await using var writer = new FigureCsvWriter(output);
        await writer.WriteHeaderAsync();
        for (var i = 0; i < rows; i++)
        {
            var crisis = random.Next(plan.Crises);
            var metric = plan.Metrics[crisis * 5 + random.Next(5)];
            var location = plan.Locations[crisis * SyntheticPlan.LocationsPerCrisis + random.Next(SyntheticPlan.LocationsPerCrisis)];
            var source = plan.Sources[crisis * SyntheticPlan.SourcesPerCrisis + random.Next(SyntheticPlan.SourcesPerCrisis)];
            TimeOnly? time = random.Next(10) < 6 ? new TimeOnly(random.Next(0, 24), random.Next(0, 60)) : null;
            var qualifier = random.Next(10) switch
            {
                < 7 => Qualifier.Exact,
                < 9 => Qualifier.Approximate,
                _ => Qualifier.AtLeast,
            };
            var note = random.Next(10) switch
            {
                0 => FormattableString.Invariant($"Imported note {random.Next(1_000_000)}: relayed by a second outlet."),
                1 when random.Next(4) == 0 => FormattableString.Invariant($"-{random.Next(100)} from yesterday (synthetic)"),
                _ => null,
            };
            await writer.WriteAsync(new FigureRecord(
                FigureId: 0,
                Revision: 0,
                ExternalId(seed, i),
                metric.Code,
                location.Code,
                plan.CrisisStarts[crisis].AddDays(random.Next(0, 365)),
                time,
                // Unique per row (i * 10 + 0..9): no two rows of the file are the same figure.
                Value: (long)i * 10 + random.Next(10),
                Unit,
                Decimals: 0,
                qualifier,
                source.Key,
                source.Title,
                source.Publisher,
                SourceUrl: null,
                source.Published,
                note));
        }

        return writer.Rows;
    }

    /// <summary>The file in memory (imports read an upload stream; the copy is not part of any timing).</summary>
    public static async Task<byte[]> CreateAsync(SyntheticPlan plan, int rows, int seed)
    {
        using var buffer = new MemoryStream();
        await WriteAsync(buffer, plan, rows, seed);
        return buffer.ToArray();
    }

    /// <summary>The codes the file may use, as the store built from <paramref name="plan"/> holds them (for checking the file without a store).</summary>
    public static CsvReferenceData Reference(SyntheticPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new CsvReferenceData
        {
            UnitDecimals = new Dictionary<string, int>(StringComparer.Ordinal) { [Unit] = 0 },
            MetricUnits = plan.Metrics.ToDictionary(m => m.Code, _ => (IReadOnlyList<string>)[Unit], StringComparer.Ordinal),
            Locations = plan.Locations.Select(l => l.Code).ToHashSet(StringComparer.Ordinal),
            Sources = plan.Sources.ToDictionary(s => s.Key, s => new SourceReference(s.Key, s.Title, s.Publisher, null, s.Published), StringComparer.Ordinal),
        };
    }
}
