using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Web.Features.Figures;

namespace DisplacementDashboard.UnitTests;

public class RetractedViewTests
{
    [Fact]
    public void EmptyAddress_IsTheLatestRetractionFirst_AndWritesNoParameters()
    {
        var view = RetractedView.Parse(null, null, null, null, out var problems);

        Assert.Equal(new RetractedView(RetractedSort.RetractedAt, Descending: true, Page: 1, PageSize: 25), view);
        Assert.Empty(problems);
        Assert.All(view.ToQuery().Values, Assert.Null);
    }

    [Fact]
    public void ColumnWithoutDir_IsAscending_AndEveryViewRoundTripsThroughTheAddress()
    {
        Assert.False(RetractedView.Parse("metric", null, null, null, out _).Descending);

        foreach (var (key, sort) in RetractedView.SortKeys)
        {
            foreach (var descending in new[] { false, true })
            {
                var view = new RetractedView(sort, descending, Page: 3, PageSize: 50);
                var query = view.ToQuery();
                var again = RetractedView.Parse((string?)query["sort"], (string?)query["dir"], (string?)query["page"], (string?)query["pageSize"], out var problems);
                Assert.Equal(view, again);
                Assert.Empty(problems);
                Assert.Equal(sort == RetractedSort.RetractedAt ? null : key, query["sort"]);
            }
        }
    }

    [Fact]
    public void UnusableValues_FallBack_AndEachIsNamedByItsParameter()
    {
        var view = RetractedView.Parse("colour", "up", "0", "7", out var problems);

        Assert.Equal(new RetractedView(), view);
        Assert.Equal(["sort:", "dir:", "page:", "pageSize:"], problems.Select(p => p.Split(' ')[0]));
    }
}
