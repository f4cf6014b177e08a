using System.Net;
using DisplacementDashboard.Core.Accounts;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// What ends a session: a cookie copied before sign-out, disabling or a password change is anonymous at its next
/// request, and the principal an open page still holds cannot write.
/// </summary>
public class SessionTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task SignOut_EndsEverySessionOfTheAccount_ACopiedCookieIncluded()
    {
        await Staff.CreateAsync(factory.Services, "signout-copy@example.org", StaffRoles.Editor);
        using var browser = Staff.Client(factory);
        var cookie = Staff.SignInCookie(await Staff.PostLoginAsync(browser, "signout-copy@example.org", Staff.Password));
        using var otherBrowser = Staff.Client(factory);
        await Staff.PostLoginAsync(otherBrowser, "signout-copy@example.org", Staff.Password);
        using var copy = Staff.Replaying(factory, cookie);
        var openPage = Staff.PrincipalOf(factory.Services, cookie);
        using var before = await copy.GetAsync("/figures/new");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await CreateSourceAsync(openPage);

        using var signOut = await Staff.PostLogoutAsync(browser);
        Assert.Equal("/account/signed-out", signOut.Headers.Location!.OriginalString);

        await AssertSignedOutAsync(copy);
        await AssertSignedOutAsync(otherBrowser);
        await Assert.ThrowsAsync<NotAuthorizedException>(() => CreateSourceAsync(openPage));
    }

    [Fact]
    public async Task Disabling_EndsEverySessionOfTheAccount_AtItsNextRequest()
    {
        var admin = await Staff.CreateAsync(factory.Services, "disable-copy-admin@example.org", StaffRoles.Editor, StaffRoles.Admin);
        await Staff.CreateAsync(factory.Services, "disable-copy@example.org", StaffRoles.Editor);
        using var browser = Staff.Client(factory);
        var cookie = Staff.SignInCookie(await Staff.PostLoginAsync(browser, "disable-copy@example.org", Staff.Password));
        using var copy = Staff.Replaying(factory, cookie);
        var openPage = Staff.PrincipalOf(factory.Services, cookie);
        using var before = await copy.GetAsync("/figures/new");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var id = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync("disable-copy@example.org"))!.Id;
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<StaffDirectory>().SetDisabledAsync(admin, id, disabled: true));
        }

        await AssertSignedOutAsync(copy);
        await AssertSignedOutAsync(browser);
        await Assert.ThrowsAsync<NotAuthorizedException>(() => CreateSourceAsync(openPage));
    }

    [Fact]
    public async Task APrincipalWithoutTheCurrentStamp_CannotWrite_ThoughTheAccountIsEnabledAndInTheRole()
    {
        var signedIn = await Staff.CreateAsync(factory.Services, "stale-stamp@example.org", StaffRoles.Editor);
        var noStamp = Staff.Principal("stale-stamp@example.org", StaffRoles.Editor);
        await CreateSourceAsync(signedIn);

        await Assert.ThrowsAsync<NotAuthorizedException>(() => CreateSourceAsync(noStamp));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByEmailAsync("stale-stamp@example.org"))!);
        }

        var refused = await Assert.ThrowsAsync<NotAuthorizedException>(() => CreateSourceAsync(signedIn));
        Assert.Contains("session has ended", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A staff page sends the client to sign-in, as it does an anonymous visitor.</summary>
    internal static async Task AssertSignedOutAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/figures/new");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private async Task CreateSourceAsync(System.Security.Claims.ClaimsPrincipal user)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<SourceEditor>()
            .CreateAsync(user, new SourceInput { Title = "A report " + Guid.NewGuid().ToString("N"), Publisher = "Someone" });
        Assert.True(result.Status == EditStatus.Saved, result.ToString());
    }
}
