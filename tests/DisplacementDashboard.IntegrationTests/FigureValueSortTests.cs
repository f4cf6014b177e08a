using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.IntegrationTests.Infrastructure;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// Sorting the grid by value on a real store (SQLite, and PostgreSQL in the subclass) whose figures mix units: 100,000 people and 100,000 US dollars must
/// never sit next to each other as if comparable. Values are stored in 10^-decimals of their unit, so a plain
/// ORDER BY Value would also put $1 (100 cents) after 99 people.
/// </summary>
public class FigureValueSortTests
{
    /// <summary>The store's provider; <see cref="FigureValueSortTestsOnPostgres"/> runs the same tests on PostgreSQL.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private static readonly SeedData Reference = new SeedReader().ReadDirectory(Path.Combine(AppContext.BaseDirectory, "seed"));

    // (unit, value as stored): people and dollars interleave by raw value; percent is stored in tenths.
    private static readonly (string Unit, long Value)[] Mixed =
    [
        ("people", 100_000), ("USD", 10_000_000), ("people", 150), ("USD", 100), ("percent", 995),
        ("families", 30_000), ("people", 99), ("USD", 50_000_000), ("percent", 10), ("families", 12), ("AMD", 100_000),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SortByValue_GroupsByUnit_ThenOrdersValuesWithinEachUnit(bool descending)
    {
        await using var store = await IsolatedStore.CreateAsync(Reference, Reference.Sources.Take(2).ToList(), Figures(), provider: Provider);
        var queries = new FigureQueries(store);

        var rows = (await queries.GetPageAsync(new FigureFilter(), 0, 100, FigureSort.Value, descending)).Rows;

        Assert.Equal(Mixed.Length, rows.Count);
        // Each unit forms one unbroken run, in the same order whichever way the values go.
        var runs = rows.Select(r => r.UnitCode).Aggregate(new List<string>(), (acc, u) => { if (acc.Count == 0 || acc[^1] != u) { acc.Add(u); } return acc; });
        Assert.Equal(runs.Distinct().Count(), runs.Count);
        Assert.Equal(["families", "people", "AMD", "USD", "percent"], runs);
        Assert.All(rows.GroupBy(r => r.UnitCode), g =>
        {
            var values = g.Select(r => r.Value).ToList();
            Assert.Equal(descending ? values.OrderDescending() : values.Order(), values);
        });
        // Counts come before shares and money.
        Assert.Equal(rows.Select(r => r.UnitKind).Order(), rows.Select(r => r.UnitKind));
    }

    [Fact]
    public async Task SortByValue_PagesJoinUp_WithoutGapsOrRepeats()
    {
        await using var store = await IsolatedStore.CreateAsync(Reference, Reference.Sources.Take(2).ToList(), Figures(), provider: Provider);
        var queries = new FigureQueries(store);

        var whole = (await queries.GetPageAsync(new FigureFilter(), 0, 100, FigureSort.Value, true)).Rows.Select(r => r.Id).ToList();
        var paged = new List<int>();
        for (var skip = 0; skip < Mixed.Length; skip += 3)
        {
            paged.AddRange((await queries.GetPageAsync(new FigureFilter(), skip, 3, FigureSort.Value, true)).Rows.Select(r => r.Id));
        }

        Assert.Equal(whole, paged);
    }

    private static List<Figure> Figures()
    {
        var source = Reference.Sources[0];
        return Mixed.Select((m, i) => new Figure
        {
            ExternalId = $"VS-{i}",
            Metric = new Metric { Code = Reference.Metrics.First(x => x.Units.Contains(m.Unit)).Code, Name = "" },
            Location = new Location { Code = Reference.Locations[0].Code, Name = "" },
            // Each on its own day, so no two figures are peers for the disagreement check.
            ReferenceDate = new DateOnly(2023, 9, 20).AddDays(i),
            Value = m.Value,
            UnitCode = m.Unit,
            Source = new Source { Key = source.Key, Title = source.Title, Publisher = source.Publisher },
        }).ToList();
    }
}
