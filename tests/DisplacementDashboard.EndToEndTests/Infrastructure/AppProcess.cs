using System.Reflection;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DisplacementDashboard.EndToEndTests.Infrastructure;

/// <summary>
/// The real app, started as its own process on Kestrel at 127.0.0.1 with a free port and its own SQLite file
/// (.NET 9's WebApplicationFactory cannot listen on a real port).
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private AppProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "dashboard.db");

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>
    /// Waits until a log entry of the app's output contains <paramref name="text"/> (the console logger writes a little
    /// after the request it is about) and returns that entry with its header line; fails with the security log so far.
    /// </summary>
    public async Task<string> WaitForLogAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var lines = Output;
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].Contains(text, StringComparison.Ordinal))
                {
                    return i > 0 ? lines[i - 1] + "\n" + lines[i] : lines[i];
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                var security = lines.Select((line, i) => (line, i)).Where(x => x.line.Contains("DisplacementDashboard.Security", StringComparison.Ordinal))
                    .Select(x => x.i + 1 < lines.Count ? x.line + " " + lines[x.i + 1].Trim() : x.line);
                throw new Xunit.Sdk.XunitException($"No log entry contains \"{text}\". Security log:\n{string.Join('\n', security)}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Runs the app's command line once (e.g. create-admin) against the store in <paramref name="directory"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string directory, string standardInput, params string[] args) =>
        await RunCommandAsync(directory, standardInput, null, args);

    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string directory, string standardInput, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var (exitCode, output, errors) = await RunCommandSeparatelyAsync(directory, standardInput, environment, args);
        return (exitCode, output + errors);
    }

    /// <summary>Runs a command and keeps its standard output (the result) apart from standard error (prompts, logs).</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunCommandSeparatelyAsync(
        string directory, string standardInput, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = StartInfo(directory, args);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.RedirectStandardInput = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The command did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync(standardInput);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await errors);
    }

    public static string NewDirectory() => System.IO.Directory.CreateTempSubdirectory("dd-e2e-").FullName;

    public static async Task<AppProcess> StartAsync(string? existingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var directory = existingDirectory ?? NewDirectory();
        var start = StartInfo(directory, "--urls", "http://127.0.0.1:0");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }


        var app = new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("The app did not start."), directory);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (app._output)
            {
                app._output.Add(e.Data);
            }

            var match = ListeningLine().Match(e.Data);
            if (match.Success)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        app._process.OutputDataReceived += OnLine;
        app._process.ErrorDataReceived += OnLine;
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        app._process.EnableRaisingEvents = true;
        app._process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The app exited before listening:\n" + string.Join('\n', app.Output)));

        app.BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner; the results stand.
        }
    }

    private static ProcessStartInfo StartInfo(string directory, params string[] args)
    {
        var start = new ProcessStartInfo(FindAppHost())
        {
            WorkingDirectory = Path.GetDirectoryName(FindAppHost())!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Dashboard"] = $"Data Source={Path.Combine(directory, "dashboard.db")}";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        // Each browser test signs in through the real form, and a class's tests share one app and one client address:
        // the default 10 sign-ins a minute would refuse them (HTTP 429) on a fast machine. The limiter itself is
        // tested against the default in the integration tests (AccountTests).
        start.Environment["Accounts__LoginAttemptsPerMinute"] = "600";
        return start;
    }

    /// <summary>The Web project's own build output (same configuration as this test assembly).</summary>
    private static string FindAppHost()
    {
        var configuration = typeof(AppProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "DisplacementDashboard.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Cannot find the repository root (DisplacementDashboard.sln) above " + AppContext.BaseDirectory);
        }

        var path = Path.Combine(root.FullName, "src", "DisplacementDashboard.Web", "bin", configuration, "net10.0", "DisplacementDashboard.Web");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first; the app is not at " + path, path);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
