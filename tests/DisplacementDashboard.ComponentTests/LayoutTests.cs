using System.Globalization;
using Bunit;
using Bunit.TestDoubles;
using DisplacementDashboard.ComponentTests.Infrastructure;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Web.Components.Layout;
using DisplacementDashboard.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.ComponentTests;

public class LayoutTests : MudTestContext
{
    public LayoutTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-GB");
    }

    private IRenderedComponent<MainLayout> RenderLayout(string? preference, Action<BunitAuthorizationContext>? auth = null)
    {
        var authorization = AddAuthorization();
        auth?.Invoke(authorization);
        var layout = Render<CascadingValue<ThemeChoice>>(p => p
            .Add(c => c.Value, new ThemeChoice(preference))
            .AddChildContent<MainLayout>(l => l.Add(m => m.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<h1>Body</h1>")))));
        return layout.FindComponent<MainLayout>();
    }

    [Fact]
    public void Layout_ForAnAnonymousReader_ListsThePublicPagesOnly_AndOffersSignIn()
    {
        var cut = RenderLayout(null);

        var links = cut.FindAll("#dd-nav a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/", "/timeline", "/shelter", "/aid", "/figures", "/metrics", "/sources", "/events", "/export", "/changes"], links);
        Assert.Contains("Staff sign-in", cut.Find(".mud-appbar").TextContent, StringComparison.Ordinal);
        Assert.Equal("Body", cut.Find("main h1").TextContent);
    }

    [Fact]
    public void Layout_ForAnEditor_AddsTheEditingPages_ButNotAccounts()
    {
        var cut = RenderLayout(null, a => a.SetAuthorized("editor@example.org").SetRoles(StaffRoles.Editor));

        var links = cut.FindAll("#dd-nav a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/figures/new", links);
        Assert.Contains("/import", links);
        Assert.Contains("/figures/retracted", links);
        Assert.DoesNotContain("/admin/users", links);
        Assert.Equal("editor@example.org", cut.Find("[data-testid=signed-in-as]").TextContent);
    }

    [Theory]
    [InlineData("timeline?from=2023-09-01&to=2023-10-31", "/timeline")]
    [InlineData("", "/")]
    [InlineData("figures?metric=arrivals_cumulative", "/figures")]
    [InlineData("sources/12", "/sources")]
    [InlineData("figures/12/history", null)]
    public void Layout_MarksTheCurrentPage_AndFollowsANavigation(string address, string? current)
    {
        var cut = RenderLayout(null);
        var navigation = Services.GetRequiredService<NavigationManager>();

        navigation.NavigateTo("/" + address);
        cut.Render();

        var marked = cut.FindAll("#dd-nav a[aria-current=page]").Select(a => a.GetAttribute("href")).ToList();
        var active = cut.FindAll("#dd-nav a.active").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(current is null ? [] : [current], marked);
        Assert.Equal(marked, active);

        navigation.NavigateTo("/export");
        cut.Render();
        Assert.Equal(["/export"], cut.FindAll("#dd-nav a[aria-current=page]").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void Layout_OnTheRetractedList_MarksItAlone_NotAllFigures()
    {
        var cut = RenderLayout(null, a => a.SetAuthorized("editor@example.org").SetRoles(StaffRoles.Editor));

        Services.GetRequiredService<NavigationManager>().NavigateTo("/figures/retracted?sort=metric");
        cut.Render();

        Assert.Equal(["/figures/retracted"], cut.FindAll("#dd-nav a[aria-current=page]").Select(a => a.GetAttribute("href")));
    }

    [Theory]
    [InlineData("dark", "Use the light theme")]
    [InlineData("light", "Use the dark theme")]
    public void Layout_StartsInTheRememberedTheme(string preference, string toggleLabel)
    {
        var cut = RenderLayout(preference);

        Assert.Equal(toggleLabel, cut.Find("[data-testid=theme-toggle]").GetAttribute("aria-label"));
    }

    [Fact]
    public void ThemeToggle_SwitchesTheTheme_AndRemembersTheChoice()
    {
        var module = JSInterop.SetupModule("./js/theme.js");
        module.SetupVoid("remember", "dark").SetVoidResult();
        var cut = RenderLayout("light");

        cut.Find("[data-testid=theme-toggle]").Click();

        Assert.Equal("Use the light theme", cut.Find("[data-testid=theme-toggle]").GetAttribute("aria-label"));
        Assert.Equal("dark", module.VerifyInvoke("remember").Arguments.Single());
    }

    [Fact]
    public void FieldMessage_ShowsTheMessageForItsFieldOnly()
    {
        IReadOnlyList<FieldError> errors = [new("ValueText", "'about 100' is not a plain number."), new("Date", "Pick a day.")];

        var cut = Render<FieldMessage>(p => p.Add(c => c.Errors, errors).Add(c => c.Field, "ValueText"));

        Assert.Equal("'about 100' is not a plain number.", cut.Find("[data-testid=error-ValueText]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=error-Date]"));
        Assert.True(FieldMessage.Has(errors, "Date"));
        Assert.False(FieldMessage.Has(errors, "Note"));
    }
}
