using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDashboardData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddDashboardFeatures();

var app = builder.Build();

app.UseDashboardPipeline();
await app.InitializeStoreAsync();
await app.RunAsync();

/// <summary>Entry point; public so the integration tests can host the app.</summary>
public partial class Program;
