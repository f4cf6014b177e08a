using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using DisplacementDashboard.Benchmarks.Store;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// The real app (the Web project's build output in the harness' configuration) as its own process on
/// 127.0.0.1 with a free port, over the benchmark store, with the benchmark endpoints switched on.
/// Development environment, so static web assets are served from the build output as under `dotnet run`.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private AppProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public static async Task<AppProcess> StartAsync(string databasePath)
    {
        var host = RepositoryPaths.AppHost;
        if (!File.Exists(host))
        {
            throw new FileNotFoundException("Build the Web project in the harness' configuration first; the app is not at " + host, host);
        }

        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = Path.GetDirectoryName(host)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Dashboard"] = $"Data Source={databasePath}";
        start.Environment["Diagnostics__EnableBenchmarkEndpoints"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

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
                app._output.Add(e.Data);
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
        app._process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The app exited:\n" + string.Join('\n', app._output)));
        app.BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromMinutes(3));
        app.Http = new HttpClient { BaseAddress = app.BaseAddress };
        return app;
    }

    /// <summary>Managed heap after a forced full GC in the server, and its open circuits.</summary>
    public async Task<(long Bytes, int Circuits)> MemoryAsync()
    {
        var reading = await Http.GetFromJsonAsync<Reading>("/_diagnostics/memory") ?? throw new InvalidOperationException("No memory reading.");
        return (reading.Bytes, reading.Circuits);
    }

    /// <summary>Polls until the server has exactly <paramref name="circuits"/> open circuits.</summary>
    public async Task WaitForCircuitsAsync(int circuits, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while ((await MemoryAsync()).Circuits != circuits)
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

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
