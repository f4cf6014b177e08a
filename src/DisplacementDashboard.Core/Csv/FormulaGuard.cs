namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// Keeps spreadsheets from running text cells as formulas. A text cell that starts with <c>= + - @</c>, tab,
/// carriage return or NUL (after any leading apostrophes) gets one more leading apostrophe when written, and
/// <see cref="Restore"/> removes exactly that apostrophe when read, so a round trip gives back the exact text.
/// Number cells never go through this guard: a value stays a number.
/// </summary>
public static class FormulaGuard
{
    /// <summary>The characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection list).</summary>
    public const string Triggers = "=+-@\t\r\0";

    public static bool IsTrigger(char c) => Triggers.Contains(c, StringComparison.Ordinal);

    /// <summary>True when the text starts with a trigger character, i.e. a spreadsheet would run it.</summary>
    public static bool StartsWithTrigger(string text) => text.Length > 0 && IsTrigger(text[0]);

    /// <summary>The text as it is written to a file: one apostrophe added when the text matches <c>^'*[trigger]</c>.</summary>
    public static string Neutralise(string text) => NeedsGuard(text, 0) ? "'" + text : text;

    /// <summary>The text a written cell stood for: one leading apostrophe removed when the cell matches <c>^'+[trigger]</c>.</summary>
    public static string Restore(string cell) => cell.Length > 1 && cell[0] == '\'' && NeedsGuard(cell, 1) ? cell[1..] : cell;

    private static bool NeedsGuard(string text, int start)
    {
        var i = start;
        while (i < text.Length && text[i] == '\'')
        {
            i++;
        }

        return i < text.Length && IsTrigger(text[i]);
    }
}
