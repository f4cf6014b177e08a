using System.Globalization;
using Bunit;
using DisplacementDashboard.ComponentTests.Infrastructure;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Web.Features.Figures;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace DisplacementDashboard.ComponentTests;

/// <summary>The dialog the retracted figures list restores through: it names the figure and will not close without a reason.</summary>
public class RestoreFigureDialogTests : MudTestContext
{
    private static readonly RetractedFigureRow Row = new(TestFigures.Row(7, 100417), 3, "editor@example.org", new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc), "wrong day");

    public RestoreFigureDialogTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-GB");
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenAsync()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<RestoreFigureDialog>(
            "Restore figure 7?", new DialogParameters<RestoreFigureDialog> { { d => d.Row, Row } }));
        return (provider, reference);
    }

    [Fact]
    public async Task Dialog_NamesTheFigure_AndRefusesToCloseWithoutAReason()
    {
        var (provider, dialog) = await OpenAsync();

        Assert.Contains(
            "100,417 people, Cumulative arrivals, Armenia, 4 Oct 2023, 16:00 (Government briefing 7) will be shown on the dashboards again",
            System.Text.RegularExpressions.Regex.Replace(provider.Find(".dd-dialog-text").TextContent, @"\s+", " "),
            StringComparison.Ordinal);
        await provider.Find("textarea#restore-reason").ChangeAsync(new ChangeEventArgs { Value = "   " });
        await provider.Find("[data-testid=restore-confirm]").ClickAsync(new MouseEventArgs());

        Assert.Equal("Say why the figure is restored.", provider.Find("[data-testid=error-reason]").TextContent);
        Assert.False(dialog.Result.IsCompleted);
    }

    [Fact]
    public async Task Dialog_ClosesWithTheTrimmedReason_OrCancelsWithNone()
    {
        var (provider, dialog) = await OpenAsync();
        await provider.Find("textarea#restore-reason").ChangeAsync(new ChangeEventArgs { Value = "  the ministry confirmed it " });
        await provider.Find("[data-testid=restore-confirm]").ClickAsync(new MouseEventArgs());

        var result = await dialog.Result;
        Assert.Equal((false, "the ministry confirmed it"), (result!.Canceled, result.Data as string));

        var (again, second) = await OpenAsync();
        await again.Find("[data-testid=restore-cancel]").ClickAsync(new MouseEventArgs());
        Assert.True((await second.Result)!.Canceled);
    }
}
