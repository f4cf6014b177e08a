using DisplacementDashboard.Benchmarks.Suites;

namespace DisplacementDashboard.Benchmarks.Tests;

public sealed class PostgresSuiteTests
{
    [Fact]
    public void LoadNote_ReadsTheThreeAveragesOfProcLoadavg()
    {
        Assert.Equal("load average 20.62, 31.02, 17.32", PostgresSuite.LoadNote("20.62 31.02 17.32 3/812 41234\n"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("20.62 31.02")]
    [InlineData("a b c 1/2 3")]
    public void LoadNote_SaysUnknown_WhenTheTextIsNotALoadReading(string? text)
    {
        Assert.Equal("load average unknown", PostgresSuite.LoadNote(text));
    }

    [Fact]
    public void CodesIn_SendsTheCodesAsOneArrayParameter()
    {
        var (sql, parameters) = PgHandSql.CodesIn(["a", "b"]);

        Assert.Equal("m.\"Code\" = ANY(@codes)", sql);
        var (name, value) = Assert.Single(parameters);
        Assert.Equal("codes", name);
        Assert.Equal(new[] { "a", "b" }, Assert.IsType<string[]>(value));
    }
}
