using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// The six files of a six-file import (units.csv, metrics.csv, locations.csv, sources.csv, events.csv, figures.csv, and a
/// snapshot's manifest.json), read from a zip archive or a folder with their limits checked: nothing outside the known
/// names, no folders or paths, no name twice, each file and the whole within <see cref="ImportOptions"/>. Problems are
/// collected, not thrown; an import refuses a bundle that has any.
/// </summary>
public sealed record ImportBundle(string Name, IReadOnlyDictionary<string, byte[]> Files, IReadOnlyList<SeedError> Errors, string? Sha256, long Bytes)
{
    /// <summary>The names a bundle may hold: the six files and a snapshot's manifest (checked when present).</summary>
    public static IReadOnlyList<string> KnownNames { get; } = [.. SeedReader.FileNames, ExportService.ManifestFile];

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    private static string Known => string.Join(", ", KnownNames);

    /// <summary>True when the bytes start like a zip archive (local file header "PK\x03\x04", or an empty archive's "PK\x05\x06").</summary>
    public static bool LooksLikeZip(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));

    /// <summary>An archive refused for its size before it is read into memory (the command line checks the file's length first).</summary>
    public static ImportBundle TooLarge(string name, long bytes, ImportOptions options) => new(
        CleanName(name, "bundle.zip"),
        new Dictionary<string, byte[]>(),
        [FileError(CleanName(name, "bundle.zip"), $"the archive is {bytes.ToString(CultureInfo.InvariantCulture)} bytes; the limit is {options.MaxFileBytes.ToString(CultureInfo.InvariantCulture)}")],
        null,
        bytes);

    /// <summary>Reads a zip archive (at most <see cref="ImportOptions.MaxFileBytes"/> compressed).</summary>
    public static ImportBundle FromZip(byte[] zip, string name, ImportOptions options)
    {
        var errors = new List<SeedError>();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var sha = Convert.ToHexStringLower(SHA256.HashData(zip));
        name = CleanName(name, "bundle.zip");
        if (zip.LongLength > options.MaxFileBytes)
        {
            errors.Add(FileError(name, $"the archive is {zip.LongLength.ToString(CultureInfo.InvariantCulture)} bytes; the limit is {options.MaxFileBytes.ToString(CultureInfo.InvariantCulture)}"));
            return new ImportBundle(name, files, errors, sha, zip.LongLength);
        }

        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count > options.MaxBundleEntries)
            {
                errors.Add(FileError(name, $"the archive has {archive.Entries.Count.ToString(CultureInfo.InvariantCulture)} entries; at most {options.MaxBundleEntries.ToString(CultureInfo.InvariantCulture)} are read, and a bundle holds only {Known}"));
                return new ImportBundle(name, files, errors, sha, zip.LongLength);
            }

            long total = 0;
            foreach (var entry in archive.Entries)
            {
                if (!Admit(entry.FullName, files, errors, name))
                {
                    continue;
                }

                // The sizes in the archive's directory are the sender's word: count the bytes as they are inflated.
                var limit = Math.Min(options.MaxFileBytes, options.MaxBundleBytes - total);
                using var stream = entry.Open();
                var bytes = ReadAtMost(stream, limit);
                if (bytes is null)
                {
                    errors.Add(FileError(entry.FullName, total + options.MaxFileBytes > options.MaxBundleBytes
                        ? $"the archive's files together exceed {options.MaxBundleBytes.ToString(CultureInfo.InvariantCulture)} bytes once unpacked"
                        : $"is larger than {options.MaxFileBytes.ToString(CultureInfo.InvariantCulture)} bytes once unpacked, the limit for one file"));
                    return new ImportBundle(name, files, errors, sha, zip.LongLength);
                }

                total += bytes.LongLength;
                files[entry.FullName] = bytes;
            }
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
        {
            // Not a zip, a damaged one, or one this reader cannot open (encrypted, an unknown compression method).
            files.Clear();
            errors.Add(FileError(name, $"is not a zip archive that can be read ({e.Message.TrimEnd('.')}); zip the six files without a password"));
        }

        CheckContent(files, errors, name);
        return new ImportBundle(name, files, errors, sha, zip.LongLength);
    }

    /// <summary>Reads a folder's files (the folder itself, not its subfolders, which are refused).</summary>
    public static ImportBundle FromFolder(string folder, ImportOptions options)
    {
        var errors = new List<SeedError>();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var name = CleanName(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), "folder");
        long total = 0;
        foreach (var directory in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            errors.Add(FileError(Path.GetFileName(directory) + "/", $"is a folder; a bundle holds only the files {Known}, side by side"));
        }

        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var entry = Path.GetFileName(path);
            if (!Admit(entry, files, errors, name))
            {
                continue;
            }

            var length = new FileInfo(path).Length;
            if (length > options.MaxFileBytes || total + length > options.MaxBundleBytes)
            {
                errors.Add(FileError(entry, length > options.MaxFileBytes
                    ? $"is {length.ToString(CultureInfo.InvariantCulture)} bytes; the limit for one file is {options.MaxFileBytes.ToString(CultureInfo.InvariantCulture)}"
                    : $"the folder's files together exceed {options.MaxBundleBytes.ToString(CultureInfo.InvariantCulture)} bytes"));
                continue;
            }

            files[entry] = File.ReadAllBytes(path);
            total += length;
        }

        CheckContent(files, errors, name);

        // A folder has no bytes of its own: its fingerprint is the SHA-256 of each file's name and SHA-256, in name order.
        var fingerprint = new StringBuilder();
        foreach (var (file, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            fingerprint.Append(file).Append(' ').Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append('\n');
        }

        return new ImportBundle(name, files, errors, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint.ToString()))), total);
    }

    /// <summary>Refuses folders, paths, unknown names and repeats; true when the entry is one to read.</summary>
    private static bool Admit(string entry, Dictionary<string, byte[]> files, List<SeedError> errors, string bundle)
    {
        if (entry.Length == 0 || entry.Contains('/', StringComparison.Ordinal) || entry.Contains('\\', StringComparison.Ordinal) || entry.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(entry) || entry.Contains(':', StringComparison.Ordinal))
        {
            errors.Add(FileError(Shown(entry), $"has a folder or path in its name; {bundle} must hold the files {Known} at its top level, without folders"));
            return false;
        }

        if (!KnownNames.Contains(entry, StringComparer.Ordinal))
        {
            var hint = KnownNames.FirstOrDefault(k => string.Equals(k, entry, StringComparison.OrdinalIgnoreCase)) is { } known ? $" (did you mean {known}? names are lower case)" : "";
            errors.Add(FileError(Shown(entry), $"is not a file an import reads{hint}; {bundle} may hold only {Known}"));
            return false;
        }

        if (files.ContainsKey(entry))
        {
            errors.Add(FileError(entry, $"appears more than once in {bundle}; each file may come once"));
            return false;
        }

        return true;
    }

    /// <summary>At least one of the six files; and when a snapshot's manifest is there, every file it lists with the SHA-256 it gives.</summary>
    private static void CheckContent(Dictionary<string, byte[]> files, List<SeedError> errors, string bundle)
    {
        if (errors.Count > 0)
        {
            return;
        }

        if (!SeedReader.FileNames.Any(files.ContainsKey))
        {
            errors.Add(FileError(bundle, $"holds none of {string.Join(", ", SeedReader.FileNames)}"));
            return;
        }

        if (!files.TryGetValue(ExportService.ManifestFile, out var manifestBytes))
        {
            return;
        }

        SnapshotManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<SnapshotManifest>(manifestBytes, ManifestJson);
        }
        catch (JsonException e)
        {
            errors.Add(new SeedError(ExportService.ManifestFile, 0, "(file)", $"is not a snapshot manifest ({e.Message}); remove it to import the other files"));
            return;
        }

        foreach (var listed in manifest?.Files ?? [])
        {
            if (!files.TryGetValue(listed.Name, out var bytes))
            {
                errors.Add(new SeedError(ExportService.ManifestFile, 0, "files", $"lists {listed.Name}, which the bundle lacks; a snapshot carries every file its manifest lists"));
            }
            else if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), listed.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new SeedError(ExportService.ManifestFile, 0, "files", $"gives {listed.Name} the SHA-256 {listed.Sha256}, but the file in the bundle differs: it was changed after the export; remove manifest.json to import an edited snapshot"));
            }
        }
    }

    /// <summary>The whole stream when it has at most <paramref name="limit"/> bytes, else null (reading stops one byte past the limit).</summary>
    private static byte[]? ReadAtMost(Stream stream, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static SeedError FileError(string file, string reason) => new(file, 0, "(file)", reason);

    // An entry name is the sender's text: keep it short and on one line in messages.
    private static string Shown(string entry)
    {
        var oneLine = new string(entry.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return oneLine.Length <= 120 ? oneLine : oneLine[..120] + "…";
    }

    private static string CleanName(string? name, string fallback)
    {
        var file = Path.GetFileName(name ?? "");
        return string.IsNullOrWhiteSpace(file) ? fallback : file[..Math.Min(file.Length, 260)];
    }
}
