using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// One data row of one file of a six-file import: what a commit would do with it. <see cref="Key"/> is the row's code or
/// id (a figure's external id, its figure id, or its metric, place and date when it has neither).
/// </summary>
public sealed record BundleRow(string File, int Row, string Key, ImportRowStatus Status, IReadOnlyList<ImportChange> Changes, IReadOnlyList<SeedError> Errors)
{
    /// <summary>Plausibility warnings of a new or corrected figures.csv row (README, "Plausibility warnings"); not errors.</summary>
    public IReadOnlyList<SeedError> Warnings { get; init; } = [];
}

/// <summary>One file's counts in a six-file preview; <see cref="Present"/> is false for a file the bundle does not hold.</summary>
public sealed record BundleFileSummary(string File, bool Present, int New, int Changed, int Unchanged, int Errors);

/// <summary>What importing a six-file bundle would do, file by file and row by row; nothing has been written.</summary>
public sealed record BundlePreview(string FileName, string? Sha256, long Bytes, IReadOnlyList<SeedError> FileErrors, IReadOnlyList<BundleRow> Rows)
{
    /// <summary>The figures part, as the figure import sees it (null when the bundle has no valid figures.csv to plan).</summary>
    public ImportPreview? Figures { get; init; }

    /// <summary>The files present in the bundle, in the order they are read.</summary>
    public IReadOnlyList<string> Present { get; init; } = [];

    /// <summary>Counts per file, in the order the files are read and written.</summary>
    public IReadOnlyList<BundleFileSummary> Files => SeedReader.FileNames.Select(file =>
    {
        var rows = Rows.Where(r => r.File == file).ToList();
        var fileErrors = FileErrors.Count(e => e.File == file);
        return new BundleFileSummary(
            file,
            Present.Contains(file),
            rows.Count(r => r.Status == ImportRowStatus.New),
            rows.Count(r => r.Status == ImportRowStatus.Update),
            rows.Count(r => r.Status == ImportRowStatus.Unchanged),
            rows.Count(r => r.Status == ImportRowStatus.Error) + fileErrors);
    }).ToList();

    public int NewCount => Rows.Count(r => r.Status == ImportRowStatus.New);

    public int UpdateCount => Rows.Count(r => r.Status == ImportRowStatus.Update);

    public int UnchangedCount => Rows.Count(r => r.Status == ImportRowStatus.Unchanged);

    public int ErrorCount => Rows.Count(r => r.Status == ImportRowStatus.Error);

    /// <summary>All errors: the bundle's and each file's own first, then by file and row.</summary>
    public IEnumerable<SeedError> Errors => FileErrors.Concat(Rows.SelectMany(r => r.Errors));

    /// <summary>Rows with plausibility warnings (figures.csv only): a commit needs a reason for them.</summary>
    public int WarnedCount => Rows.Count(r => r.Warnings.Count > 0);

    /// <summary>Every plausibility warning, by row.</summary>
    public IEnumerable<SeedError> Warnings => Rows.SelectMany(r => r.Warnings);

    /// <summary>True when no file and no row has an error: a commit would apply every row of every file.</summary>
    public bool CanCommit => FileErrors.Count == 0 && ErrorCount == 0;
}

/// <summary>The result of <see cref="ImportService.CommitBundleAsync"/>; counts are rows created and corrected over all six files.</summary>
public sealed record BundleCommitResult(ImportOutcome Outcome, string Message, BundlePreview? Preview, int Created = 0, int Updated = 0, int Unchanged = 0)
{
    public bool Succeeded => Outcome == ImportOutcome.Committed;
}
