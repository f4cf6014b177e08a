using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DisplacementDashboard.Core.Csv;

namespace DisplacementDashboard.UnitTests.Csv;

/// <summary>What a six-file import's zip or folder may hold: the known names at the top level, once each, within the limits.</summary>
public sealed class ImportBundleTests
{
    private const string Units = "code,name,kind,decimals\npeople,people,count,0\n";

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return output.ToArray();
    }

    private static ImportBundle Read(byte[] zip, ImportOptions? options = null) => ImportBundle.FromZip(zip, "b.zip", options ?? new ImportOptions());

    [Fact]
    public void FromZip_TheKnownFiles_AreReadWithoutProblems()
    {
        var bundle = Read(Zip(("units.csv", Units), ("sources.csv", "id,title,publisher,published,url,kind\n")));

        Assert.Empty(bundle.Errors);
        Assert.Equal(["sources.csv", "units.csv"], bundle.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Units, Encoding.UTF8.GetString(bundle.Files["units.csv"]));
    }

    [Theory]
    [InlineData("../units.csv")]
    [InlineData("seed/units.csv")]
    [InlineData("..\\..\\etc\\units.csv")]
    [InlineData("/units.csv")]
    [InlineData("C:units.csv")]
    public void FromZip_AnEntryWithAPath_IsRefusedAndNothingIsRead(string entry)
    {
        var bundle = Read(Zip((entry, Units), ("metrics.csv", "code,name,kind,units,description\n")));

        var error = Assert.Single(bundle.Errors);
        Assert.Equal(entry, error.File);
        Assert.Contains("folder or path", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(bundle.Files.Keys, k => k.Contains("units", StringComparison.Ordinal));
    }

    [Fact]
    public void FromZip_AnUnknownEntry_IsNamedInTheError()
    {
        var bundle = Read(Zip(("units.csv", Units), ("notes.txt", "hello"), ("Figures.csv", "x")));

        Assert.Equal(["notes.txt", "Figures.csv"], bundle.Errors.Select(e => e.File));
        Assert.Contains("not a file an import reads", bundle.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("did you mean figures.csv?", bundle.Errors[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromZip_AnEntryTwice_IsRefused()
    {
        var bundle = Read(Zip(("units.csv", Units), ("units.csv", "code,name,kind,decimals\nusd,dollars,money,2\n")));

        var error = Assert.Single(bundle.Errors);
        Assert.Equal("units.csv", error.File);
        Assert.Contains("more than once", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromZip_MoreEntriesThanTheLimit_IsRefusedBeforeAnyIsRead()
    {
        var bundle = Read(Zip(("units.csv", Units), ("a", ""), ("b", ""), ("c", "")), new ImportOptions { MaxBundleEntries = 3 });

        var error = Assert.Single(bundle.Errors);
        Assert.Contains("4 entries; at most 3", error.Reason, StringComparison.Ordinal);
        Assert.Empty(bundle.Files);
    }

    [Fact]
    public void FromZip_AnEntryThatUnpacksPastTheFileLimit_IsRefused_HoweverSmallItIsPacked()
    {
        var zip = Zip(("units.csv", Units + new string('x', 200_000)));
        var options = new ImportOptions { MaxFileBytes = 10_000 };
        Assert.True(zip.Length < options.MaxFileBytes);

        var bundle = Read(zip, options);

        var error = Assert.Single(bundle.Errors);
        Assert.Equal("units.csv", error.File);
        Assert.Contains("larger than 10000 bytes once unpacked", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromZip_FilesThatTogetherUnpackPastTheBundleLimit_AreRefused()
    {
        var bundle = Read(Zip(("units.csv", Units + new string('x', 6_000)), ("metrics.csv", new string('y', 6_000))), new ImportOptions { MaxFileBytes = 10_000, MaxBundleBytes = 10_000 });

        Assert.Contains(bundle.Errors, e => e.Reason.Contains("together exceed 10000 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void FromZip_BytesThatAreNotAZip_SayItIsNotAnArchive()
    {
        var bundle = Read(Encoding.UTF8.GetBytes(Units));

        Assert.Contains("is not a zip archive", Assert.Single(bundle.Errors).Reason, StringComparison.Ordinal);
        Assert.False(ImportBundle.LooksLikeZip(Encoding.UTF8.GetBytes(Units)));
        Assert.True(ImportBundle.LooksLikeZip(Zip(("units.csv", Units))));
    }

    [Fact]
    public void FromZip_AFileThatDiffersFromItsManifest_IsRefused()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Units)));
        var manifest = $$"""{"format":"displacement-dashboard-snapshot","formatVersion":1,"files":[{"name":"units.csv","rows":1,"bytes":1,"sha256":"{{sha}}"}]}""";

        Assert.Empty(Read(Zip(("units.csv", Units), ("manifest.json", manifest))).Errors);
        var edited = Read(Zip(("units.csv", Units + "usd,dollars,money,2\n"), ("manifest.json", manifest)));

        var error = Assert.Single(edited.Errors);
        Assert.Equal("manifest.json", error.File);
        Assert.Contains("units.csv", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFolder_ASubfolderOrAnUnknownFile_IsRefused()
    {
        var folder = Directory.CreateTempSubdirectory("dd-bundle-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "units.csv"), Units);
            File.WriteAllText(Path.Combine(folder.FullName, "readme.md"), "x");
            folder.CreateSubdirectory("more");

            var bundle = ImportBundle.FromFolder(folder.FullName, new ImportOptions());

            Assert.Equal(["more/", "readme.md"], bundle.Errors.Select(e => e.File));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
