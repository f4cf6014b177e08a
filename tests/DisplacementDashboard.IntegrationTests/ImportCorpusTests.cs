using System.Text.Json;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.IntegrationTests.Infrastructure;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>Every file in ImportCorpus/bad gets its own specific error, in the preview and in the commit, and changes nothing.</summary>
public class ImportCorpusTests(ImportExportFactory factory) : IClassFixture<ImportExportFactory>
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "ImportCorpus", "bad");

    public sealed record Expected(int Row, string Column, string Reason);

    private static Dictionary<string, Expected> Manifest() =>
        JsonSerializer.Deserialize<Dictionary<string, Expected>>(File.ReadAllText(Path.Combine(Folder, "expected.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var name in Manifest().Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastThirtyFiles_AndEveryFileIsInTheManifest()
    {
        var files = Directory.GetFiles(Folder, "*.csv").Select(f => Path.GetFileName(f)!).Order().ToList();

        Assert.True(files.Count >= 30, $"only {files.Count} bad files");
        Assert.Equal(files, Manifest().Keys.Order().ToList());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task BadFile_GetsItsSpecificError_InPreviewAndCommit_AndTheStoreIsUnchanged(string name)
    {
        var expected = Manifest()[name];
        var import = factory.Get<ImportService>();
        var editor = await factory.CreateStaffAsync("corpus-" + Guid.NewGuid().ToString("N"), StaffRoles.Editor);
        var before = await factory.StoreStateAsync();

        ImportPreview preview;
        await using (var file = File.OpenRead(Path.Combine(Folder, name)))
        {
            preview = await import.PreviewAsync(file, name);
        }

        ImportCommitResult commit;
        await using (var file = File.OpenRead(Path.Combine(Folder, name)))
        {
            commit = await import.CommitAsync(file, name, editor);
        }

        bool Matches(CsvError e) => e.Row == expected.Row && e.Column == expected.Column && e.Reason.Contains(expected.Reason, StringComparison.Ordinal);
        Assert.False(preview.CanCommit);
        Assert.True(preview.Errors.Any(Matches), $"{name}: expected row {expected.Row}, column {expected.Column}, '{expected.Reason}'; got: {string.Join(" | ", preview.Errors)}");
        Assert.Equal(ImportOutcome.Invalid, commit.Outcome);
        Assert.True(commit.Preview!.Errors.Any(Matches), string.Join(" | ", commit.Preview.Errors));
        Assert.Equal(before, await factory.StoreStateAsync());
    }
}
