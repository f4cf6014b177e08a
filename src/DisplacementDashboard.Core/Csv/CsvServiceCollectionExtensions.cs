using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DisplacementDashboard.Core.Csv;

/// <summary>Registers CSV export, import and the import limits.</summary>
public static class CsvServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="FigureRecordReader"/>, <see cref="ExportService"/> and <see cref="ImportService"/>, and binds
    /// <see cref="ImportOptions"/> from the <c>Import</c> section (validated at start-up). Needs <c>AddDashboardData</c>.
    /// </summary>
    public static IServiceCollection AddDashboardImportExport(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>()
            .BindConfiguration(ImportOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<FigureRecordReader>();
        services.AddSingleton<ExportService>();
        services.AddSingleton<ImportService>();
        return services;
    }
}
