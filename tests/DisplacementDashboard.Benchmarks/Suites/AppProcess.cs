using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using DisplacementDashboard.Benchmarks.Store;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// The real app as its own process on 127.0.0.1 with a free port, over the benchmark store, with the benchmark
/// endpoints switched on. It runs the `dotnet publish` output in Production, as the README says to deploy it:
/// in Development, MapStaticAssets serves static files from the build output wrapped in gzip without compression
/// (so edits show at once) and with `no-cache`, which would make every byte count meaningless.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    // The app's last lines, for the message when it exits early; bounded, since a sign-in flood logs a warning per
    // refused post (7,000 a second).
    private const int OutputLines = 500;
    private readonly Queue<string> _output = new();

    private AppProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    private static Task<string>? _published;

    /// <summary>
    /// The publish output for this run: published once and shared by every suite that starts the app (a publish takes
    /// a minute on this machine, and each one empties the folder the previous app processes run from).
    /// </summary>
    public static Task<string> PublishOnceAsync(TextWriter log) => _published ??= PublishAsync(log);

    /// <summary>Publishes the Web project (Release) into the cache folder and returns the app host's path.</summary>
    public static async Task<string> PublishAsync(TextWriter log)
    {
        // One folder per checkout, emptied first: worktrees publishing into one shared folder at the same time mix
        // their files (a precompressed .br of one worktree beside the asset manifest of another gives integrity
        // failures and 500s from MapStaticAssets).
        var checkout = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(RepositoryPaths.Root)))[..8];
        var output = Path.Combine(RepositoryPaths.CacheDirectory, "publish-" + checkout);
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", Path.Combine(RepositoryPaths.Root, "src", "DisplacementDashboard.Web", "DisplacementDashboard.Web.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "q" })
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        log.WriteLine($"app: published to {output} in {clock.Elapsed.TotalSeconds:F0} s");
        return Path.Combine(output, "DisplacementDashboard.Web");
    }

    /// <summary>Starts the published app; <paramref name="environment"/> adds or overrides settings (`Section__Key`).</summary>
    public static async Task<AppProcess> StartAsync(string host, string databasePath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = Path.GetDirectoryName(host)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Dashboard"] = $"Data Source={databasePath}";
        start.Environment["Diagnostics__EnableBenchmarkEndpoints"] = "true";
        // Every page the harness opens comes from this one machine: lift the per-client circuit cap (CircuitLimits),
        // which would otherwise refuse pages beyond the 30th.
        start.Environment["Circuits__MaxPerClient"] = "100000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var app = new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("The app did not start."));
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (app._output)
            {
                app._output.Enqueue(e.Data);
                if (app._output.Count > OutputLines)
                {
                    app._output.Dequeue();
                }
            }

            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        app._process.OutputDataReceived += OnLine;
        app._process.ErrorDataReceived += OnLine;
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        app._process.EnableRaisingEvents = true;
        app._process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The app exited:\n" + string.Join('\n', app.OutputSnapshot())));
        app.BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromMinutes(3));
        app.Http = new HttpClient { BaseAddress = app.BaseAddress };
        return app;
    }

    private string[] OutputSnapshot()
    {
        lock (_output)
        {
            return [.. _output];
        }
    }

    /// <summary>Managed heap after a forced full GC in the server, and its open circuits.</summary>
    public async Task<(long Bytes, int Circuits)> MemoryAsync()
    {
        var reading = await Http.GetFromJsonAsync<Reading>("/_diagnostics/memory") ?? throw new InvalidOperationException("No memory reading.");
        return (reading.Bytes, reading.Circuits);
    }

    /// <summary>Open circuits (disconnected ones still retained included; no GC) and the app's circuit retention.</summary>
    public async Task<CircuitReading> CircuitsAsync() =>
        await Http.GetFromJsonAsync<CircuitReading>("/_diagnostics/circuits") ?? throw new InvalidOperationException("No circuit reading.");

    /// <summary>Polls until the server has at most <paramref name="circuits"/> open circuits; false on timeout.</summary>
    public async Task<bool> WaitForAtMostCircuitsAsync(int circuits, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while ((await CircuitsAsync()).Circuits > circuits)
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(500);
        }

        return true;
    }

    /// <summary>Polls until the server has at least <paramref name="circuits"/> open circuits.</summary>
    public async Task WaitForCircuitsAsync(int circuits, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while ((await MemoryAsync()).Circuits < circuits)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Expected {circuits} open circuits, the server has {(await MemoryAsync()).Circuits}.");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private sealed record Reading(long Bytes, int Circuits);

    /// <summary>What GET /_diagnostics/circuits returns.</summary>
    public sealed record CircuitReading(int Circuits, double DisconnectedRetentionSeconds, int DisconnectedMaxRetained)
    {
        public TimeSpan Retention => TimeSpan.FromSeconds(DisconnectedRetentionSeconds);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
