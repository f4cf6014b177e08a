namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// One problem in a CSV file. <see cref="Row"/> counts records from 1 (the header), as a spreadsheet numbers
/// rows; 0 means the file as a whole. <see cref="Column"/> is a column name, or "(header)", "(hxl)", "(row)" or "(file)".
/// </summary>
public sealed record CsvError(int Row, string Column, string Reason)
{
    public override string ToString() => Row == 0 ? $"file: {Reason}" : $"row {Row}, column '{Column}': {Reason}";
}
