using System.Reflection;

namespace DisplacementDashboard.Benchmarks.Store;

/// <summary>Where the repository, its seed and the app's build output are, seen from the harness' own output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SeedDirectory => Path.Combine(Root, "data", "seed");

    /// <summary>The harness' build configuration; the app it starts is built in the same one.</summary>
    public static string Configuration =>
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string AppHost =>
        Path.Combine(Root, "src", "DisplacementDashboard.Web", "bin", Configuration, "net10.0", "DisplacementDashboard.Web");

    /// <summary>Cache for generated stores (DD_BENCH_CACHE, else the temp folder); never inside the repository.</summary>
    public static string CacheDirectory =>
        Directory.CreateDirectory(Environment.GetEnvironmentVariable("DD_BENCH_CACHE") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "dd-bench")).FullName;

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DisplacementDashboard.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find DisplacementDashboard.sln above " + AppContext.BaseDirectory);
    }
}
