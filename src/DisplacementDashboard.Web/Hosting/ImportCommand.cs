using System.Globalization;
using System.Security.Claims;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>
/// <c>import --file PATH --user EMAIL [--dry-run] [--reason TEXT]</c>: the import page's preview and all-or-nothing commit of a figure CSV file,
/// or of a zip archive or folder of the six files (the six-file import)
/// (<see cref="ImportService"/>) for scripts and scheduled jobs, as the staff account <c>EMAIL</c> (an enabled Editor or
/// Admin; its name goes into every revision). Standard output carries the preview (a summary line, the new sources, then
/// one line per error: row, column, reason; one per plausibility warning) and the result line; logs go to standard
/// error. Rows with plausibility warnings are committed only with <c>--reason TEXT</c>, kept in their revisions.
/// Exit codes: 0 committed, nothing to do, or (with <c>--dry-run</c>) a file that would commit; 1 refused (errors in
/// the file, warnings without <c>--reason</c>, an account that may not import, a file that cannot be read, a
/// conflict), with nothing written; 2 wrong usage.
/// </summary>
public static class ImportCommand
{
    public const string Name = "import";

    private const string Usage = $"Usage: {Name} --file PATH --user EMAIL [--dry-run] [--reason TEXT]   (a figure CSV file, or a zip or folder of the six files; --reason: why rows with plausibility warnings are imported as they are; docs/csv-format.md; the preview and the result on standard output)";

    /// <summary>True when <paramref name="args"/> name this command.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>Runs the command and returns the exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var path, out var email, out var dryRun, out var reason, out var problem))
        {
            await error.WriteLineAsync(problem is null ? Usage : $"{problem}\n{Usage}");
            return 2;
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            await error.WriteLineAsync($"Not imported: there is no file or folder {path}.");
            return 1;
        }

        // Migrations and the idempotent seed, as at a web start (an existing store gains nothing).
        await app.InitializeStoreAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var user = await PrincipalAsync(scope.ServiceProvider, email);
        if (user is null)
        {
            await error.WriteLineAsync($"Not imported: there is no staff account {email}.");
            return 1;
        }

        try
        {
            // The same check a commit makes, so a dry run says it too: an enabled Editor or Admin.
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
            await StaffAuthorization.EnsureAsync(db, user, StaffRoles.Editor, app.Lifetime.ApplicationStopping);
        }
        catch (NotAuthorizedException e)
        {
            await error.WriteLineAsync($"Not imported: {email}: {e.Message}");
            return 1;
        }

        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        var name = Path.GetFileName(path);
        var stopping = app.Lifetime.ApplicationStopping;
        ImportBundle? bundle;
        try
        {
            bundle = ReadBundle(path, scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImportOptions>>().Value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Not imported: cannot read {path}: {e.Message}");
            return 1;
        }

        if (bundle is not null)
        {
            return await RunBundleAsync(imports, bundle, user, dryRun, reason, output, stopping);
        }

        ImportPreview preview;
        try
        {
            await using var file = File.OpenRead(path);
            preview = await imports.PreviewAsync(file, name, stopping);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Not imported: cannot read {path}: {e.Message}");
            return 1;
        }

        await WritePreviewAsync(output, preview);
        if (!preview.CanCommit)
        {
            await output.WriteLineAsync(Invariant($"Not imported: {preview.Errors.Count()} error(s); nothing was written."));
            return 1;
        }

        if (preview.WarnedCount > 0 && reason is null)
        {
            await output.WriteLineAsync(Invariant($"Not imported: {preview.WarnedCount} row(s) have plausibility warnings; check them, then fix the file or give --reason TEXT to import it as it is. Nothing was written."));
            return 1;
        }

        if (dryRun)
        {
            await output.WriteLineAsync(Invariant($"Dry run: {preview.NewCount} new, {preview.UpdateCount} to correct, {preview.UnchangedCount} unchanged, {preview.NewSources.Count} new sources would be imported; nothing was written."));
            return 0;
        }

        ImportCommitResult result;
        try
        {
            await using var file = File.OpenRead(path);
            result = await imports.CommitAsync(file, name, user, preview.Sha256, reason, stopping);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Not imported: cannot read {path}: {e.Message}");
            return 1;
        }

        if (!result.Succeeded)
        {
            await output.WriteLineAsync("Not imported: " + result.Message);
            return 1;
        }

        await output.WriteLineAsync(result.Message);
        return 0;
    }

    /// <summary>A folder, or a file that is a zip archive (by its first bytes): the six-file import. Null for a figure CSV file.</summary>
    private static ImportBundle? ReadBundle(string path, ImportOptions options)
    {
        if (Directory.Exists(path))
        {
            return ImportBundle.FromFolder(path, options);
        }

        var head = new byte[4];
        using (var file = File.OpenRead(path))
        {
            if (file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !ImportBundle.LooksLikeZip(head))
            {
                return null;
            }

            if (file.Length > options.MaxFileBytes)
            {
                return ImportBundle.TooLarge(Path.GetFileName(path), file.Length, options);
            }
        }

        return ImportBundle.FromZip(File.ReadAllBytes(path), Path.GetFileName(path), options);
    }

    private static async Task<int> RunBundleAsync(ImportService imports, ImportBundle bundle, ClaimsPrincipal user, bool dryRun, string? reason, TextWriter output, CancellationToken stopping)
    {
        var preview = await imports.PreviewBundleAsync(bundle, stopping);
        await output.WriteLineAsync(Invariant(
            $"Preview of {preview.FileName} (SHA-256 {preview.Sha256 ?? "-"}): {preview.NewCount} new, {preview.UpdateCount} to correct, {preview.UnchangedCount} unchanged, {preview.ErrorCount} rows with errors, {preview.FileErrors.Count} problems with the files."));
        foreach (var f in preview.Files.Where(f => f.Present))
        {
            await output.WriteLineAsync(Invariant($"{f.File}: {f.New} new, {f.Changed} to correct, {f.Unchanged} unchanged, {f.Errors} with errors"));
        }

        foreach (var e in preview.Errors)
        {
            var row = e.Row == 0 ? "file" : e.Row.ToString(CultureInfo.InvariantCulture);
            await output.WriteLineAsync($"error {e.File} row {row}, {e.Column}: {e.Reason}");
        }

        foreach (var w in preview.Warnings)
        {
            await output.WriteLineAsync(Invariant($"warning {w.File} row {w.Row}, {w.Column}: {w.Reason}"));
        }

        if (!preview.CanCommit)
        {
            await output.WriteLineAsync(Invariant($"Not imported: {preview.Errors.Count()} error(s); nothing was written."));
            return 1;
        }

        if (preview.WarnedCount > 0 && reason is null)
        {
            await output.WriteLineAsync(Invariant($"Not imported: {preview.WarnedCount} row(s) of figures.csv have plausibility warnings; check them, then fix the file or give --reason TEXT to import it as it is. Nothing was written."));
            return 1;
        }

        if (dryRun)
        {
            await output.WriteLineAsync(Invariant($"Dry run: {preview.NewCount} new, {preview.UpdateCount} to correct, {preview.UnchangedCount} unchanged would be imported; nothing was written."));
            return 0;
        }

        var result = await imports.CommitBundleAsync(bundle, user, preview.Sha256, reason, stopping);
        await output.WriteLineAsync(result.Succeeded ? result.Message : "Not imported: " + result.Message);
        return result.Succeeded ? 0 : 1;
    }

    private static async Task WritePreviewAsync(TextWriter output, ImportPreview preview)
    {
        await output.WriteLineAsync(Invariant(
            $"Preview of {preview.FileName} (SHA-256 {preview.Sha256 ?? "-"}): {preview.NewCount} new, {preview.UpdateCount} to correct, {preview.UnchangedCount} unchanged, {preview.ErrorCount} rows with errors, {preview.FileErrors.Count} problems with the file."));
        foreach (var source in preview.NewSources)
        {
            var s = source.Source;
            await output.WriteLineAsync(Invariant(
                $"new source {s.Key} (row {source.Row}): {s.Title}; {s.Publisher}; published {s.Published:yyyy-MM-dd}{(s.Url is null ? "" : "; " + s.Url)}"));
        }

        foreach (var e in preview.Errors)
        {
            var row = e.Row == 0 ? "file" : e.Row.ToString(CultureInfo.InvariantCulture);
            await output.WriteLineAsync($"error row {row}, {e.Column}: {e.Reason}");
        }

        foreach (var w in preview.Warnings)
        {
            await output.WriteLineAsync(Invariant($"warning row {w.Row}, {w.Column}: {w.Reason}"));
        }
    }

    /// <summary>The account as a signed-in session would have it: its name, roles and current security stamp.</summary>
    private static async Task<ClaimsPrincipal?> PrincipalAsync(IServiceProvider services, string email)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var account = await users.FindByEmailAsync(email) ?? await users.FindByNameAsync(email);
        return account is null ? null : await services.GetRequiredService<IUserClaimsPrincipalFactory<StaffUser>>().CreateAsync(account);
    }

    /// <summary>Exactly one <c>--file</c> and one <c>--user</c> with values, <c>--dry-run</c> and <c>--reason TEXT</c> at most once, nothing else.</summary>
    private static bool TryParse(string[] args, out string path, out string email, out bool dryRun, out string? reason, out string? problem)
    {
        path = "";
        email = "";
        dryRun = false;
        reason = null;
        problem = null;
        for (var i = 1; i < args.Length; i++)
        {
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Trim().Length > 0;
            if (args[i] == "--file" && path.Length == 0 && hasValue)
            {
                path = args[++i];
            }
            else if (args[i] == "--user" && email.Length == 0 && hasValue)
            {
                email = args[++i].Trim();
            }
            else if (args[i] == "--reason" && reason is null && hasValue)
            {
                reason = args[++i].Trim();
            }
            else if (args[i] == "--dry-run" && !dryRun)
            {
                dryRun = true;
            }
            else
            {
                problem = args[i].StartsWith("--", StringComparison.Ordinal) ? $"'{args[i]}' is not an option of {Name}, or it lacks its value or repeats." : $"'{args[i]}' is not expected here.";
                return false;
            }
        }

        if (path.Length == 0 || email.Length == 0)
        {
            problem = path.Length == 0 ? "--file is required." : "--user is required: the staff account the revisions will name.";
            return false;
        }

        return true;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
