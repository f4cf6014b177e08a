namespace DisplacementDashboard.Core.Csv;

/// <summary>What committing a row would do.</summary>
public enum ImportRowStatus
{
    /// <summary>A figure the store does not have yet: it will be created.</summary>
    New,

    /// <summary>A figure the store has, with different values: it will be corrected.</summary>
    Update,

    /// <summary>A figure the store already has with these values: nothing to do.</summary>
    Unchanged,

    /// <summary>The row is invalid; nothing in the file can be committed.</summary>
    Error,
}

/// <summary>One changed column of an updated figure, as file text ("13350" → "13550").</summary>
public sealed record ImportChange(string Column, string? Old, string? New);

/// <summary>
/// One data row of an import preview. <see cref="FigureId"/> is the matched figure (Update, Unchanged) and
/// <see cref="Figure"/> the row's values when the row is valid.
/// </summary>
public sealed record ImportRow(
    int Row,
    ImportRowStatus Status,
    int? FigureId,
    string? ExternalId,
    ParsedFigure? Figure,
    IReadOnlyList<ImportChange> Changes,
    IReadOnlyList<CsvError> Errors)
{
    /// <summary>Plausibility warnings (row, column, message) of a new or corrected row: not errors; a commit needs a reason for them.</summary>
    public IReadOnlyList<CsvError> Warnings { get; init; } = [];
}

/// <summary>What an import of a file would do, row by row; nothing has been written.</summary>
public sealed record ImportPreview(
    string FileName,
    string? Sha256,
    long Bytes,
    bool HasHxlRow,
    IReadOnlyList<CsvError> FileErrors,
    IReadOnlyList<ImportRow> Rows)
{
    /// <summary>Sources the file brings (a source key the store does not have, described on its first row): a commit creates them.</summary>
    public IReadOnlyList<NewSourceRow> NewSources { get; init; } = [];

    /// <summary>True when the figure's source is one the file creates.</summary>
    public bool IsNewSource(string sourceKey) => NewSources.Any(s => string.Equals(s.Source.Key, sourceKey, StringComparison.Ordinal));

    public int NewCount => Rows.Count(r => r.Status == ImportRowStatus.New);

    public int UpdateCount => Rows.Count(r => r.Status == ImportRowStatus.Update);

    public int UnchangedCount => Rows.Count(r => r.Status == ImportRowStatus.Unchanged);

    public int ErrorCount => Rows.Count(r => r.Status == ImportRowStatus.Error);

    /// <summary>All errors, file errors first, then by row.</summary>
    public IEnumerable<CsvError> Errors => FileErrors.Concat(Rows.SelectMany(r => r.Errors)).OrderBy(e => e.Row);

    /// <summary>True when the file has no error at all: a commit would apply every row.</summary>
    public bool CanCommit => FileErrors.Count == 0 && ErrorCount == 0;

    /// <summary>Rows with plausibility warnings: committing them needs a reason (kept in their revisions).</summary>
    public int WarnedCount => Rows.Count(r => r.Warnings.Count > 0);

    /// <summary>All plausibility warnings, by row.</summary>
    public IEnumerable<CsvError> Warnings => Rows.SelectMany(r => r.Warnings);
}

/// <summary>How a commit ended.</summary>
public enum ImportOutcome
{
    /// <summary>Every row applied in one transaction (possibly none, when all were unchanged).</summary>
    Committed,

    /// <summary>The file has errors; nothing was written. See <see cref="ImportCommitResult.Preview"/>.</summary>
    Invalid,

    /// <summary>The user may not import (not an Editor or Admin, unknown or disabled account); nothing was read or written.</summary>
    NotAllowed,

    /// <summary>The file is not the one that was previewed (different SHA-256); nothing was written.</summary>
    FileChanged,

    /// <summary>A figure changed while the import ran; nothing was written. Preview again.</summary>
    Conflict,

    /// <summary>Rows have plausibility warnings and no reason was given; nothing was written.</summary>
    NeedsReason,
}

/// <summary>The result of <see cref="ImportService.CommitAsync"/>.</summary>
public sealed record ImportCommitResult(ImportOutcome Outcome, string Message, ImportPreview? Preview, int Created = 0, int Updated = 0, int Unchanged = 0)
{
    public bool Succeeded => Outcome == ImportOutcome.Committed;
}
