using DisplacementDashboard.Core.Csv;

namespace DisplacementDashboard.UnitTests.Csv;

public sealed class FormulaGuardTests
{
    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+1", "'+1")]
    [InlineData("-5", "'-5")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("\0x", "'\0x")]
    [InlineData("'=x", "''=x")]
    [InlineData("'about 93000'.", "'about 93000'.")]
    [InlineData("plain text", "plain text")]
    [InlineData("", "")]
    [InlineData("a=b", "a=b")]
    public void Neutralise_GuardsExactlyTheCellsASpreadsheetWouldRun(string text, string written)
    {
        Assert.Equal(written, FormulaGuard.Neutralise(text));
        Assert.Equal(text, FormulaGuard.Restore(written));
    }

    [Theory]
    [InlineData("'about 93000'.")]
    [InlineData("'")]
    [InlineData("''")]
    [InlineData("'tis")]
    public void Restore_LeavesApostrophesThatGuardNothing(string cell) => Assert.Equal(cell, FormulaGuard.Restore(cell));
}
