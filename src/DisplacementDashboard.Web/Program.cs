using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDashboardData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddDashboardIdentity(builder.Configuration);
builder.Services.AddDashboardFeatures();

var app = builder.Build();

if (await app.RunCommandAsync(args, Console.In, Console.Out) is { } exitCode)
{
    return exitCode;
}

app.UseDashboardPipeline();
await app.InitializeStoreAsync();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so the integration tests can host the app.</summary>
public partial class Program;
