using System.Net;
using DisplacementDashboard.Core.Accounts;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using DisplacementDashboard.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>/account/password over real HTTP (static form, antiforgery) and <see cref="StaffDirectory.ChangePasswordAsync"/>.</summary>
public class PasswordChangeTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string NewPassword = "a brand new test password";

    [Fact]
    public async Task ChangingThePassword_KeepsThisBrowserSignedIn_AndEndsEveryOtherSession()
    {
        await Staff.CreateAsync(factory.Services, "change-own@example.org", StaffRoles.Editor);
        using var browser = Staff.Client(factory);
        var copiedCookie = Staff.SignInCookie(await Staff.PostLoginAsync(browser, "change-own@example.org", Staff.Password));
        using var otherBrowser = Staff.Client(factory);
        await Staff.PostLoginAsync(otherBrowser, "change-own@example.org", Staff.Password);
        using var copy = Staff.Replaying(factory, copiedCookie);
        var openPage = Staff.PrincipalOf(factory.Services, copiedCookie);

        using var response = await ChangeAsync(browser, Staff.Password, NewPassword, NewPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your password is changed.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("dd.staff=", StringComparison.Ordinal));
        using var stillIn = await browser.GetAsync("/figures/new");
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        await SessionTests.AssertSignedOutAsync(otherBrowser);
        await SessionTests.AssertSignedOutAsync(copy);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await Assert.ThrowsAsync<NotAuthorizedException>(() => scope.ServiceProvider.GetRequiredService<SourceEditor>()
                .CreateAsync(openPage, new SourceInput { Title = "After the change", Publisher = "Someone" }));
        }

        using var fresh = Staff.Client(factory);
        Assert.Contains("Email or password is wrong.", await (await Staff.PostLoginAsync(fresh, "change-own@example.org", Staff.Password)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Staff.PostLoginAsync(fresh, "change-own@example.org", NewPassword)).StatusCode);
    }

    [Fact]
    public async Task EachProblem_IsShownUnderItsField_AndChangesNothing()
    {
        await Staff.CreateAsync(factory.Services, "change-problems@example.org", StaffRoles.Editor);
        using var browser = Staff.Client(factory);
        await Staff.PostLoginAsync(browser, "change-problems@example.org", Staff.Password);

        var empty = await PageAsync(browser, "", "", "");
        var differ = await PageAsync(browser, Staff.Password, NewPassword, NewPassword + " typo");
        var wrongCurrent = await PageAsync(browser, "not my password at all", NewPassword, NewPassword);
        var tooShort = await PageAsync(browser, Staff.Password, "too short", "too short");
        var common = await PageAsync(browser, Staff.Password, "password1234", "password1234");

        Assert.Equal("Enter your current password.", Staff.FieldMessageIn(empty, StaffDirectory.CurrentPasswordField));
        Assert.Equal("Enter a new password.", Staff.FieldMessageIn(empty, StaffDirectory.NewPasswordField));
        Assert.Equal("Enter the new password again.", Staff.FieldMessageIn(empty, "ConfirmPassword"));
        Assert.Equal("The two new passwords are not the same.", Staff.FieldMessageIn(differ, "ConfirmPassword"));
        Assert.Equal("That is not your current password.", Staff.FieldMessageIn(wrongCurrent, StaffDirectory.CurrentPasswordField));
        Assert.Null(Staff.FieldMessageIn(wrongCurrent, StaffDirectory.NewPasswordField));
        Assert.Contains("at least 12 characters", Staff.FieldMessageIn(tooShort, StaffDirectory.NewPasswordField), StringComparison.Ordinal);
        Assert.Contains("attackers try first", Staff.FieldMessageIn(common, StaffDirectory.NewPasswordField), StringComparison.Ordinal);
        Assert.All(new[] { empty, differ, wrongCurrent, tooShort, common }, page => Assert.DoesNotContain("Your password is changed.", page, StringComparison.Ordinal));
        using var fresh = Staff.Client(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await Staff.PostLoginAsync(fresh, "change-problems@example.org", Staff.Password)).StatusCode);
    }

    [Fact]
    public async Task WrongCurrentPasswords_CountTowardsTheLockout()
    {
        var user = await Staff.CreateAsync(factory.Services, "change-guess@example.org", StaffRoles.Editor);
        await using var scope = factory.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<StaffDirectory>();

        for (var i = 0; i < IdentityHostingExtensions.MaxFailedAttempts; i++)
        {
            var wrong = await directory.ChangePasswordAsync(user, "guess number " + i, NewPassword);
            Assert.Equal(StaffDirectory.CurrentPasswordField, Assert.Single(wrong).Field);
        }

        var withTheRightOne = await directory.ChangePasswordAsync(user, Staff.Password, NewPassword);

        Assert.Contains("Too many wrong passwords", Assert.Single(withTheRightOne).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePage_IsForSignedInStaff_AndTheLayoutLinksToIt()
    {
        await Staff.CreateAsync(factory.Services, "change-link@example.org", StaffRoles.Editor);
        using var anonymous = Staff.Client(factory);
        using var browser = Staff.Client(factory);
        await Staff.PostLoginAsync(browser, "change-link@example.org", Staff.Password);

        using var refused = await anonymous.GetAsync("/account/password");
        var home = await browser.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/login", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/password\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/account/password\"", await anonymous.GetStringAsync("/"), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string @new, string confirm) =>
        Staff.PostFormAsync(client, "/account/password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = @new,
            ["Input.ConfirmPassword"] = confirm,
        });

    private static async Task<string> PageAsync(HttpClient client, string current, string @new, string confirm)
    {
        using var response = await ChangeAsync(client, current, @new, confirm);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
