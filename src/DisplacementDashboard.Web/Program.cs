using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Web.Features.Diagnostics;
using DisplacementDashboard.Web.Hosting;
using Microsoft.Extensions.Logging.Console;

var builder = WebApplication.CreateBuilder(args);

// Serve MudBlazor's and Blazor's assets from the build output in any environment (a no-op for publish output,
// which carries them itself), so `dotnet run` in Production and the benchmark harness get the same files.
builder.WebHost.UseStaticWebAssets();

// A command verb (create-admin, backup, restore, extract) prints its result alone on standard output; prompts and every log
// line go to standard error, so a script can read the result.
if (CommandLine.IsCommand(args))
{
    builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}

builder.Services.AddDashboardData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddDashboardDataProtection(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddDashboardIdentity(builder.Configuration);
builder.Services.AddDashboardFeatures(builder.Configuration);

// Benchmark-only endpoints (memory reading, counter page); off unless Diagnostics:EnableBenchmarkEndpoints=true.
builder.Services.AddBenchmarkDiagnostics(builder.Configuration);

var app = builder.Build();

if (await app.RunCommandAsync(args, Console.In, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

app.UseDashboardPipeline();
app.MapBenchmarkDiagnostics();
await app.InitializeStoreAsync();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so the integration tests can host the app.</summary>
public partial class Program;
