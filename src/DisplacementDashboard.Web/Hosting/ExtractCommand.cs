using System.Globalization;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Extraction;
using DisplacementDashboard.Core.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>
/// <c>extract --file PATH [--published yyyy-MM-dd]</c>: the candidate figures of a report (.txt, .html or .pdf) as CSV on
/// standard output, header <c>value,qualifier,metric,location,date,time,unit,phrase</c> (<see cref="ExtractionCsv"/>).
/// Codes come from the store named by <c>ConnectionStrings:Dashboard</c> when it holds metrics, else from the seed
/// folder; nothing is written to the store. Exit codes: 0 done (also when no figure was found), 1 refused (the file
/// cannot be read or is not text), 2 wrong usage. Notes and logs go to standard error.
/// </summary>
public static class ExtractCommand
{
    public const string Name = "extract";

    private const string Usage = $"Usage: {Name} --file PATH [--published yyyy-MM-dd]   (.txt, .html or .pdf; CSV of candidate figures on standard output)";

    /// <summary>True when <paramref name="args"/> name this command.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>Runs the command and returns the exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var path, out var published, out var problem))
        {
            await error.WriteLineAsync(problem is null ? Usage : $"{problem}\n{Usage}");
            return 2;
        }

        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, app.Lifetime.ApplicationStopping);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Not extracted: cannot read {path}: {e.Message}");
            return 1;
        }

        var text = ReportText.Read(path, content);
        if (text.Text is not { } report)
        {
            await error.WriteLineAsync($"Not extracted: {path}: {text.Refusal}");
            return 1;
        }

        var earliest = app.Services.GetRequiredService<IOptions<EditingOptions>>().Value.EarliestReferenceDate;
        var (vocabulary, from) = await VocabularyAsync(app, earliest, error);
        var figures = new FigureExtractor(vocabulary).Extract(report, published);
        ExtractionCsv.Write(output, figures);
        await output.FlushAsync();
        var dated = published is { } p ? $"published {p:yyyy-MM-dd}" : "no publication date given: dates without a year or relative to the report are left empty";
        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{figures.Count} candidate figures from {path} ({report.Length:N0} characters, {dated}; codes from {from}). Candidates, not figures: review them before import."));
        return 0;
    }

    /// <summary>The store's codes when it exists and holds metrics (never creating it), else the seed folder's.</summary>
    private static async Task<(ExtractionVocabulary Vocabulary, string From)> VocabularyAsync(WebApplication app, DateOnly earliest, TextWriter error)
    {
        var data = app.Services.GetRequiredService<IOptions<DashboardDataOptions>>().Value;
        var postgres = data.Provider == DatabaseProvider.Postgres;
        var file = postgres ? "PostgreSQL" : new SqliteConnectionStringBuilder(data.ConnectionString).DataSource;
        if (postgres || File.Exists(file))
        {
            try
            {
                await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
                if (await ExtractionVocabulary.FromStoreAsync(db, earliest) is { } stored)
                {
                    return (stored, $"the store {file}");
                }
            }
            catch (Exception e) when (e is SqliteException or Npgsql.NpgsqlException)
            {
                await error.WriteLineAsync($"The store {file} could not be read ({e.Message}); using the seed folder's codes.");
            }
        }

        var seed = Path.IsPathRooted(data.SeedDirectory) ? data.SeedDirectory : Path.Combine(AppContext.BaseDirectory, data.SeedDirectory);
        return (ExtractionVocabulary.FromSeed(new SeedReader().ReadDirectory(seed), earliest), $"the seed folder {seed}");
    }

    /// <summary>Exactly one <c>--file</c> with a value, <c>--published</c> at most once with a yyyy-MM-dd date, nothing else.</summary>
    private static bool TryParse(string[] args, out string path, out DateOnly? published, out string? problem)
    {
        path = "";
        published = null;
        problem = null;
        for (var i = 1; i < args.Length; i++)
        {
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Trim().Length > 0;
            if (args[i] == "--file" && path.Length == 0 && hasValue)
            {
                path = args[++i];
            }
            else if (args[i] == "--published" && published is null && hasValue)
            {
                if (!DateOnly.TryParseExact(args[++i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    problem = $"--published '{args[i]}' is not a date in the form yyyy-MM-dd.";
                    return false;
                }

                published = date;
            }
            else
            {
                problem = args[i].StartsWith("--", StringComparison.Ordinal) ? $"'{args[i]}' is not an option of {Name}, or it lacks its value or repeats." : $"'{args[i]}' is not expected here.";
                return false;
            }
        }

        return path.Length > 0;
    }
}
