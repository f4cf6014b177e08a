using System.Security.Cryptography;
using System.Text;
using DisplacementDashboard.Benchmarks.Store;
using Microsoft.Data.Sqlite;

namespace DisplacementDashboard.Benchmarks.Tests;

public sealed class SyntheticStoreTests
{
    [Fact]
    public void Plan_SameSeedAndSize_GivesTheSameFigures()
    {
        var a = new SyntheticPlan(42, 2_000);
        var b = new SyntheticPlan(42, 2_000);
        Assert.Equal(a.Metrics, b.Metrics);
        Assert.Equal(a.Locations, b.Locations);
        Assert.Equal(a.Sources, b.Sources);
        Assert.Equal(a.Figures(), b.Figures());
    }

    [Fact]
    public void Plan_AnotherSeed_GivesOtherFigures()
    {
        Assert.NotEqual(new SyntheticPlan(1, 500).Figures(), new SyntheticPlan(2, 500).Figures());
    }

    [Fact]
    public void Plan_OneCrisisPerTenThousandFigures_WithItsOwnMetricsPlacesAndSources()
    {
        var plan = new SyntheticPlan(7, 50_000);
        Assert.Equal(5, plan.Crises);
        Assert.Equal(25, plan.Metrics.Count);
        Assert.Equal(5 * SyntheticPlan.LocationsPerCrisis, plan.Locations.Count);
        Assert.Equal(5 * SyntheticPlan.SourcesPerCrisis, plan.Sources.Count);
        Assert.Equal(50_000, plan.Figures().Count());
    }

    [Fact]
    public void Plan_NeverUsesMoneyOrAidMetrics_SoTheExodusPagesKeepTheirRealContent()
    {
        var plan = new SyntheticPlan(7, 30_000);
        Assert.DoesNotContain(plan.Metrics, m => m.Kind == Core.Domain.MetricKind.Money);
        Assert.All(plan.Metrics, m => Assert.StartsWith("syn", m.Code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_SameSeedTwice_WritesTheSameRows()
    {
        var directory = Directory.CreateTempSubdirectory("dd-bench-test-").FullName;
        try
        {
            var first = Path.Combine(directory, "a.db");
            var second = Path.Combine(directory, "b.db");
            await SyntheticStore.BuildAsync(first, 11, 1_000);
            await SyntheticStore.BuildAsync(second, 11, 1_000);
            SqliteConnection.ClearAllPools();

            Assert.Equal(await DigestAsync(first), await DigestAsync(second));
            Assert.Equal(1_000 + await SeedFigureCountAsync(first), await CountAsync(first, "SELECT COUNT(*) FROM Figures"));
            Assert.True(await CountAsync(first, "SELECT COUNT(*) FROM Revisions WHERE EntityType = 'figure'") > 1_000);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private const string Rows =
        "SELECT f.Id, m.Code, l.Code, f.ReferenceDate, f.LocalTime, f.Value, f.Qualifier, s.Key, f.Note, f.IsRetracted, f.Version " +
        "FROM Figures f JOIN Metrics m ON m.Id = f.MetricId JOIN Locations l ON l.Id = f.LocationId JOIN Sources s ON s.Id = f.SourceId " +
        "WHERE m.Code LIKE 'syn%' ORDER BY f.Id";

    private static async Task<string> DigestAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Rows;
        var text = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.IsDBNull(i) ? "<null>" : reader.GetValue(i).ToString()).Append('|');
            }

            text.Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static async Task<long> SeedFigureCountAsync(string path) =>
        await CountAsync(path, "SELECT COUNT(*) FROM Figures f JOIN Metrics m ON m.Id = f.MetricId WHERE m.Code NOT LIKE 'syn%'");

    private static async Task<long> CountAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
