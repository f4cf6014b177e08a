using System.ComponentModel.DataAnnotations;

namespace DisplacementDashboard.Core.Csv;

/// <summary>Limits for figure files (imports and the seed), bound from the <c>Import</c> section and validated at start-up.</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Import";

    /// <summary>Largest file accepted, in bytes (default 20 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most data rows in one file, not counting the header and HXL rows (default 200,000; a 20 MB file holds about 150,000).</summary>
    [Range(1, 10_000_000)]
    public int MaxRows { get; set; } = 200_000;

    /// <summary>Longest cell, in characters (default 2,000, the longest note the store keeps).</summary>
    [Range(1, 1_000_000)]
    public int MaxFieldLength { get; set; } = 2_000;

    /// <summary>Most entries in a six-file import's zip archive (default 16; it holds at most seven known files).</summary>
    [Range(1, 1_000)]
    public int MaxBundleEntries { get; set; } = 16;

    /// <summary>Most bytes a six-file import's files may hold together once unpacked (default 100 MB; each file is also held to <see cref="MaxFileBytes"/>).</summary>
    [Range(1, long.MaxValue)]
    public long MaxBundleBytes { get; set; } = 100L * 1024 * 1024;
}
