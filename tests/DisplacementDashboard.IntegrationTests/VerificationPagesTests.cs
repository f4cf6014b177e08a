using System.Globalization;
using System.Net;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>A figure's verification on its history page as served: the badge for everyone, the verifier's name for staff only.</summary>
public class VerificationPagesTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private FigureEditor Editor => factory.Services.GetRequiredService<FigureEditor>();

    private FigureVerifier Verifier => factory.Services.GetRequiredService<FigureVerifier>();

    private async Task<int> CreateFigureAsync(System.Security.Claims.ClaimsPrincipal by, string date)
    {
        await using var db = factory.CreateContext();
        var created = await Editor.CreateAsync(by, new FigureInput
        {
            MetricCode = WellKnown.CumulativeArrivals,
            LocationCode = "AM-VD",
            UnitCode = WellKnown.People,
            Date = DateOnly.Parse(date, CultureInfo.InvariantCulture),
            ValueText = "1234",
            SourceId = await db.Sources.Where(s => s.Key == "S001").Select(s => s.Id).SingleAsync(),
            WarningReason = "test figure",
        }, confirmDuplicate: true);
        Assert.Equal(EditStatus.Saved, created.Status);
        return created.Id!.Value;
    }

    [Fact]
    public async Task HistoryPage_OfAVerifiedFigure_ShowsTheBadgeAndWhatWasChecked_TheVerifiersNameOnlyToStaff()
    {
        var entering = await Staff.CreateAsync(factory.Services, "enters-verify@example.org", StaffRoles.Editor);
        var checking = await Staff.CreateAsync(factory.Services, "checks-verify@example.org", StaffRoles.Editor);
        var id = await CreateFigureAsync(entering, "2023-10-02");
        Assert.Equal(EditStatus.Saved, (await Verifier.VerifyAsync(checking, id, 1, "checked against the ministry's page 3")).Status);

        using var anonymous = factory.CreateClient();
        var publicHtml = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/figures/{id}/history"));
        using var staff = Staff.Client(factory);
        await Staff.PostLoginAsync(staff, "enters-verify@example.org", Staff.Password);
        var staffHtml = WebUtility.HtmlDecode(await staff.GetStringAsync($"/figures/{id}/history"));

        foreach (var html in new[] { publicHtml, staffHtml })
        {
            Assert.Contains("data-verified=\"true\"", html, StringComparison.Ordinal);
            Assert.Contains("checked against the ministry's page 3", html, StringComparison.Ordinal);
            Assert.Contains(">Verified<", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("checks-verify@example.org", publicHtml, StringComparison.Ordinal);
        Assert.Contains("by an editor", publicHtml, StringComparison.Ordinal);
        Assert.Contains("checks-verify@example.org", staffHtml, StringComparison.Ordinal);
        // The editor who entered it is told why they cannot verify it, and gets no Verify button.
        Assert.Contains("data-testid=\"verify-refused\"", staffHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"verify\"", staffHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryPage_OfAnUnverifiedFigure_OffersVerify_ToAnotherEditor_AndShowsUnverifiedToEveryone()
    {
        var entering = await Staff.CreateAsync(factory.Services, "enters-unverified@example.org", StaffRoles.Editor);
        await Staff.CreateAsync(factory.Services, "second-unverified@example.org", StaffRoles.Editor);
        var id = await CreateFigureAsync(entering, "2023-10-03");

        using var anonymous = factory.CreateClient();
        var publicHtml = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/figures/{id}/history"));
        using var staff = Staff.Client(factory);
        await Staff.PostLoginAsync(staff, "second-unverified@example.org", Staff.Password);
        var staffHtml = WebUtility.HtmlDecode(await staff.GetStringAsync($"/figures/{id}/history"));

        Assert.Contains("data-verified=\"false\"", publicHtml, StringComparison.Ordinal);
        Assert.Contains(">Unverified<", publicHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"verify\"", publicHtml, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"verify\"", staffHtml, StringComparison.Ordinal);
        Assert.Contains("What was checked", staffHtml, StringComparison.Ordinal);
    }
}
