using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>The <c>import</c> verb run as a real process: preview and result on standard output, logs on standard error, exit codes 0/1/2.</summary>
public sealed class ImportCommandTests
{
    private const string Header = "figure_id,revision,external_id,metric,location,date,time,value,unit,qualifier,source,source_title,source_publisher,source_url,source_published,note";

    private const string Email = "importer@example.org";

    private static async Task<string> StoreWithEditorAsync()
    {
        var directory = AppProcess.NewDirectory();
        var (exitCode, _, errors) = await AppProcess.RunCommandSeparatelyAsync(directory, "a long enough password", null, "create-admin", "--email", Email);
        Assert.True(exitCode == 0, errors);
        return directory;
    }

    private static string Write(string directory, string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<int> CountAsync(string directory, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "dashboard.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Import_ValidFileWithANewSource_CommitsIt_AndPrintsThePreviewAndTheResult()
    {
        var directory = await StoreWithEditorAsync();
        var file = Write(directory, "msf.csv", Header + "\n" +
            ",,MSF-1,cumulative_arrivals_in_armenia,AM,2023-10-01,,100500,people,approximate,msf-2023-10-02,MSF field update from Goris,Médecins Sans Frontières,,2023-10-02,\n" +
            ",,MSF-2,cumulative_arrivals_in_armenia,AM,2023-10-02,,100600,people,approximate,msf-2023-10-02,,,,,\n");

        var (exitCode, output, errors) = await AppProcess.RunCommandSeparatelyAsync(directory, "", null, "import", "--file", file, "--user", Email);

        Assert.True(exitCode == 0, errors);
        var lines = output.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        Assert.StartsWith("Preview of msf.csv (SHA-256 ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("2 new, 0 to correct, 0 unchanged, 0 rows with errors, 0 problems with the file.", lines[0], StringComparison.Ordinal);
        Assert.Equal("new source msf-2023-10-02 (row 2): MSF field update from Goris; Médecins Sans Frontières; published 2023-10-02", lines[1]);
        Assert.Equal("Imported msf.csv: 2 created, 0 updated, 0 unchanged; 1 new source (msf-2023-10-02).", lines[2]);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain("info:", output, StringComparison.Ordinal); // logs stay on standard error
        Assert.Equal(2, await CountAsync(directory, "SELECT COUNT(*) FROM Figures f JOIN Sources s ON s.Id = f.SourceId WHERE s.Key = 'msf-2023-10-02'"));
        Assert.Equal(2, await CountAsync(directory, $"SELECT COUNT(*) FROM Revisions WHERE UserName = '{Email}' AND Kind = 'Imported' AND EntityType = 'figure'"));

        // The same file again: nothing to do, still exit 0.
        var (again, againOutput, againErrors) = await AppProcess.RunCommandSeparatelyAsync(directory, "", null, "import", "--file", file, "--user", Email);
        Assert.True(again == 0, againErrors);
        Assert.Contains("0 created, 0 updated, 2 unchanged.", againOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_FileWithErrors_ExitsOne_NamingRowColumnAndReason_AndWritesNothing()
    {
        var directory = await StoreWithEditorAsync();
        var before = await CountAsync(directory, "SELECT COUNT(*) FROM Revisions");
        var file = Write(directory, "bad.csv", Header + "\n" +
            ",,BAD-1,cumulative_arrivals_in_armenia,AM,2023-09-30,,100,people,exact,S001,,,,,\n" +
            ",,BAD-2,cumulative_arrivals_in_armenia,AM,9999-12-31,,101,people,exact,S001,,,,,\n");

        var (exitCode, output, _) = await AppProcess.RunCommandSeparatelyAsync(directory, "", null, "import", "--file", file, "--user", Email);

        Assert.Equal(1, exitCode);
        Assert.Contains("error row 3, date: 9999-12-31 lies outside the dates the store accepts", output, StringComparison.Ordinal);
        Assert.Contains("Not imported: 1 error(s); nothing was written.", output, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(directory, "SELECT COUNT(*) FROM Revisions"));
    }

    private static readonly (string Name, string Text)[] SixFiles =
    [
        ("units.csv", "code,name,kind,decimals,currency\ncli_eur,euros,money,2,EUR\n"),
        ("metrics.csv", "code,name,kind,units,description\ncli_aid,Aid pledged,money,cli_eur,\n"),
        ("locations.csv", "code,name,parent,level\nAM-CLI,Test region,AM,region\n"),
        ("sources.csv", "id,title,publisher,published,url,kind\nCLI1,Aid tracker,Test NGO,2023-10-05,,ngo\n"),
        ("events.csv", "id,date,precision,title,description,source\nCLIE1,2023-10-01,day,Pledging conference,,CLI1\n"),
        ("figures.csv", Header + "\n,,CLI-F1,cli_aid,AM-CLI,2023-10-02,,1234.56,cli_eur,exact,CLI1,,,,,\n"),
    ];

    [Fact]
    public async Task Import_AZipOfTheSixFiles_CommitsEveryFile_AndPrintsThePreviewPerFile()
    {
        var directory = await StoreWithEditorAsync();
        var zip = Path.Combine(directory, "six.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
        {
            foreach (var (name, text) in SixFiles)
            {
                await using var entry = archive.CreateEntry(name).Open();
                await entry.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text));
            }
        }

        var (exitCode, output, errors) = await AppProcess.RunCommandSeparatelyAsync(directory, "", null, "import", "--file", zip, "--user", Email);

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("units.csv: 1 new, 0 to correct, 0 unchanged, 0 with errors", output, StringComparison.Ordinal);
        Assert.Contains("figures.csv: 1 new, 0 to correct, 0 unchanged, 0 with errors", output, StringComparison.Ordinal);
        Assert.StartsWith("Imported six.zip: units.csv 1 new", output.Split('\n')[^2], StringComparison.Ordinal);
        Assert.Equal(123456, await CountAsync(directory, "SELECT Value FROM Figures WHERE ExternalId = 'CLI-F1'"));
    }

    [Fact]
    public async Task Import_AFolderWithABadRow_ExitsOne_NamingFileRowAndField_AndWritesNothing()
    {
        var directory = await StoreWithEditorAsync();
        var folder = Directory.CreateDirectory(Path.Combine(directory, "six")).FullName;
        foreach (var (name, text) in SixFiles)
        {
            Write(folder, name, name == "figures.csv" ? text + ",,CLI-F2,cli_aid,AM-CLI,2023-10-03,,lots,cli_eur,exact,CLI1,,,,,\n" : text);
        }

        var (exitCode, output, _) = await AppProcess.RunCommandSeparatelyAsync(directory, "", null, "import", "--file", folder, "--user", Email);

        Assert.Equal(1, exitCode);
        Assert.Contains("error figures.csv row 3, value:", output, StringComparison.Ordinal);
        Assert.Contains("Not imported: 1 error(s); nothing was written.", output, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(directory, "SELECT COUNT(*) FROM Units WHERE Code = 'cli_eur'"));
    }

    [Fact]
    public async Task Import_WarnedRows_ExitOneWithoutAReason_AndCommitWithItsReasonInTheirRevisions_FileAndFolderAlike()
    {
        var directory = await StoreWithEditorAsync();
        // The seed has 100,632 arrivals in Armenia on 4 October: 10,063 on the 5th is a dropped digit.
        const string Typo = ",,TYPO-1,cumulative_arrivals_in_armenia,AM,2023-10-05,,10063,people,exact,S001,,,,,\n";
        var file = Write(directory, "typo.csv", Header + "\n" + Typo);
        var folder = Directory.CreateDirectory(Path.Combine(directory, "six")).FullName;
        Write(folder, "sources.csv", "id,title,publisher,published,url,kind\nCLIW,Shelter update,Test NGO,2023-10-06,,ngo\n");
        Write(folder, "figures.csv", Header + "\n,,TYPO-2,cumulative_arrivals_in_armenia,AM,2023-10-05,09:00,10064,people,exact,CLIW,,,,,\n");
        var before = await CountAsync(directory, "SELECT COUNT(*) FROM Revisions");

        var (fileExit, fileOutput, _) = await AppProcess.RunCommandSeparatelyAsync(directory, "", null, "import", "--file", file, "--user", Email);
        var (folderExit, folderOutput, _) = await AppProcess.RunCommandSeparatelyAsync(directory, "", null, "import", "--file", folder, "--user", Email, "--dry-run");

        Assert.Equal((1, 1), (fileExit, folderExit));
        Assert.Contains("warning row 2, value: ", fileOutput, StringComparison.Ordinal);
        Assert.Contains("100,632", fileOutput, StringComparison.Ordinal);
        Assert.Contains("give --reason TEXT", fileOutput, StringComparison.Ordinal);
        Assert.Contains("warning figures.csv row 2, value: ", folderOutput, StringComparison.Ordinal);
        Assert.Contains("Not imported: 1 row(s) of figures.csv have plausibility warnings", folderOutput, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(directory, "SELECT COUNT(*) FROM Revisions"));

        var (withReason, withReasonOutput, errors) = await AppProcess.RunCommandSeparatelyAsync(directory, "", null, "import", "--file", folder, "--user", Email, "--reason", "the report says so");

        Assert.True(withReason == 0, withReasonOutput + errors);
        Assert.Equal(1, await CountAsync(directory,
            "SELECT COUNT(*) FROM Revisions r JOIN Figures f ON f.Id = r.EntityId AND r.EntityType = 'figure' WHERE f.ExternalId = 'TYPO-2' AND r.Reason LIKE 'Imported from six. Saved past plausibility warnings: the report says so (accepted: %'"));
    }

    [Fact]
    public async Task Import_DryRun_PrintsThePreview_ExitsZero_AndWritesNothing()
    {
        var directory = await StoreWithEditorAsync();
        var before = await CountAsync(directory, "SELECT COUNT(*) FROM Figures");
        var file = Write(directory, "dry.csv", Header + "\n,,DRY-1,cumulative_arrivals_in_armenia,AM-SH,2023-09-30,,100,people,exact,S001,,,,,\n");

        var (exitCode, output, errors) = await AppProcess.RunCommandSeparatelyAsync(directory, "", null, "import", "--file", file, "--user", Email, "--dry-run");

        Assert.True(exitCode == 0, errors);
        Assert.Contains("Dry run: 1 new, 0 to correct, 0 unchanged, 0 new sources would be imported; nothing was written.", output, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(directory, "SELECT COUNT(*) FROM Figures"));
    }

    [Fact]
    public async Task Import_UnknownAccount_IsRefused_WithTheReasonOnStandardError()
    {
        var directory = await StoreWithEditorAsync();
        var file = Write(directory, "x.csv", Header + "\n");

        var (exitCode, output, errors) = await AppProcess.RunCommandSeparatelyAsync(directory, "", null, "import", "--file", file, "--user", "nobody@example.org");

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Contains("Not imported: there is no staff account nobody@example.org.", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("import", "--file", "x.csv")]
    [InlineData("import", "--user", "a@example.org")]
    [InlineData("import", "--file", "x.csv", "--user", "a@example.org", "--force")]
    public async Task Import_WrongUsage_ExitsTwo_WithUsageOnStandardError(params string[] args)
    {
        var directory = AppProcess.NewDirectory();

        var (exitCode, output, errors) = await AppProcess.RunCommandSeparatelyAsync(directory, "", null, args);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Contains("Usage: import --file PATH --user EMAIL [--dry-run]", errors, StringComparison.Ordinal);
    }
}
