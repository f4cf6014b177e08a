using System.Buffers.Binary;
using System.Net;
using DisplacementDashboard.Core.Accounts;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// Reset links: an Admin issues one (<see cref="StaffDirectory.IssueResetLinkAsync"/>), its owner sets a password with
/// it on /account/reset over real HTTP; it works once, for a configured time, and a bad link gets a message.
/// </summary>
public class ResetLinkTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string NewPassword = "a password set by a link";

    [Fact]
    public async Task AResetLink_SetsANewPasswordOnce_AndEndsTheAccountsSessionsOnlyWhenUsed()
    {
        var admin = await Staff.CreateAsync(factory.Services, "reset-admin@example.org", StaffRoles.Editor, StaffRoles.Admin);
        await Staff.CreateAsync(factory.Services, "reset-once@example.org", StaffRoles.Editor);
        using var session = Staff.Client(factory);
        await Staff.PostLoginAsync(session, "reset-once@example.org", Staff.Password);

        var link = await IssueAsync(admin, "reset-once@example.org");
        using var stillIn = await session.GetAsync("/figures/new");
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.StartsWith(StaffDirectory.ResetPath + "?user=", link.RelativeUrl, StringComparison.Ordinal);

        using var owner = Staff.Client(factory);
        var form = await owner.GetStringAsync(link.RelativeUrl);
        Assert.Contains("reset-once@example.org", form, StringComparison.Ordinal);
        var fields = Staff.HiddenFields(form);
        var used = await PostAsync(owner, link.RelativeUrl, fields, NewPassword);

        Assert.Contains("Your new password is set", used, StringComparison.Ordinal);
        await SessionTests.AssertSignedOutAsync(session);
        using var fresh = Staff.Client(factory);
        Assert.Contains("Email or password is wrong.", await (await Staff.PostLoginAsync(fresh, "reset-once@example.org", Staff.Password)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Staff.PostLoginAsync(fresh, "reset-once@example.org", NewPassword)).StatusCode);

        // Used once: opening it again, or posting the same form again, is refused with the message, not an error.
        var again = await owner.GetAsync(link.RelativeUrl);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This reset link does not work", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var repost = await PostAsync(owner, link.RelativeUrl, fields, "yet another new password");
        Assert.Contains("This reset link does not work", repost, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Staff.PostLoginAsync(fresh, "reset-once@example.org", NewPassword)).StatusCode);
    }

    [Fact]
    public async Task AnAlteredIncompleteOrForeignLink_IsRefusedWithAMessage()
    {
        var admin = await Staff.CreateAsync(factory.Services, "reset-admin2@example.org", StaffRoles.Editor, StaffRoles.Admin);
        await Staff.CreateAsync(factory.Services, "reset-altered@example.org", StaffRoles.Editor);
        await Staff.CreateAsync(factory.Services, "reset-other@example.org", StaffRoles.Editor);
        var link = await IssueAsync(admin, "reset-altered@example.org");
        var (userId, token) = Parse(link.RelativeUrl);
        var otherId = await IdOfAsync("reset-other@example.org");
        using var client = Staff.Client(factory);

        string[] refused =
        [
            $"{StaffDirectory.ResetPath}?user={userId}&token={token[..^4]}AAAA",
            $"{StaffDirectory.ResetPath}?user={userId}&token=%25%25not-base64%25%25",
            $"{StaffDirectory.ResetPath}?user={userId}",
            $"{StaffDirectory.ResetPath}?token={token}",
            $"{StaffDirectory.ResetPath}?user={otherId}&token={token}",
            $"{StaffDirectory.ResetPath}?user=no-such-account&token={token}",
            StaffDirectory.ResetPath,
        ];
        foreach (var url in refused)
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadAsStringAsync();
            Assert.True(page.Contains("This reset link does not work", StringComparison.Ordinal), url);
            Assert.DoesNotContain("Input.NewPassword", page, StringComparison.Ordinal);
        }

        Assert.Contains("Input.NewPassword", await client.GetStringAsync(link.RelativeUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALink_StopsWorkingAfterItsLifetime_WhichChangesNoOtherToken()
    {
        await using var app = factory.WithWebHostBuilder(b => b.UseSetting("Accounts:ResetLinkHours", "2"));
        var admin = await Staff.CreateAsync(app.Services, "reset-admin3@example.org", StaffRoles.Editor, StaffRoles.Admin);
        await Staff.CreateAsync(app.Services, "reset-expiry@example.org", StaffRoles.Editor);
        var before = DateTimeOffset.UtcNow;
        ResetLink link;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var id = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync("reset-expiry@example.org"))!.Id;
            link = (await scope.ServiceProvider.GetRequiredService<StaffDirectory>().IssueResetLinkAsync(admin, id)).Link!;
        }

        using var client = Staff.Client(app);
        var youngEnough = await client.GetStringAsync(Aged(app.Services, link.RelativeUrl, TimeSpan.FromHours(1.9)));
        var tooOld = await client.GetStringAsync(Aged(app.Services, link.RelativeUrl, TimeSpan.FromHours(2.1)));

        Assert.InRange(link.ExpiresAtUtc, before.AddHours(2), DateTimeOffset.UtcNow.AddHours(2));
        Assert.Contains("Input.NewPassword", youngEnough, StringComparison.Ordinal);
        Assert.Contains("This reset link does not work", tooOld, StringComparison.Ordinal);
        Assert.Contains("more than 2 hours old", tooOld, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(1), app.Services.GetRequiredService<IOptions<DataProtectionTokenProviderOptions>>().Value.TokenLifespan);
    }

    [Fact]
    public async Task DisablingAnAccount_VoidsItsLinks_AndNoLinkIsIssuedForADisabledAccount()
    {
        var admin = await Staff.CreateAsync(factory.Services, "reset-admin4@example.org", StaffRoles.Editor, StaffRoles.Admin);
        await Staff.CreateAsync(factory.Services, "reset-disabled@example.org", StaffRoles.Editor);
        var link = await IssueAsync(admin, "reset-disabled@example.org");
        var id = await IdOfAsync("reset-disabled@example.org");
        await using var scope = factory.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<StaffDirectory>();

        Assert.Empty(await directory.SetDisabledAsync(admin, id, disabled: true));
        var refused = await directory.IssueResetLinkAsync(admin, id);
        Assert.Equal("", Assert.Single(await directory.ResetPasswordAsync(Parse(link.RelativeUrl).UserId, Parse(link.RelativeUrl).Token, NewPassword)).Field);
        Assert.Empty(await directory.SetDisabledAsync(admin, id, disabled: false));

        Assert.Null(refused.Link);
        Assert.Contains("is disabled", Assert.Single(refused.Problems), StringComparison.Ordinal);
        using var client = Staff.Client(factory);
        Assert.Contains("This reset link does not work", await client.GetStringAsync(link.RelativeUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWeakPasswordThroughALink_IsShownUnderTheField_AndLeavesTheLinkWorking()
    {
        var admin = await Staff.CreateAsync(factory.Services, "reset-admin5@example.org", StaffRoles.Editor, StaffRoles.Admin);
        await Staff.CreateAsync(factory.Services, "reset-weak@example.org", StaffRoles.Editor);
        var link = await IssueAsync(admin, "reset-weak@example.org");
        using var client = Staff.Client(factory);
        var fields = Staff.HiddenFields(await client.GetStringAsync(link.RelativeUrl));

        var weak = await PostAsync(client, link.RelativeUrl, fields, "short");
        var differ = await PostAsync(client, link.RelativeUrl, fields, NewPassword, NewPassword + "!");
        var done = await PostAsync(client, link.RelativeUrl, fields, NewPassword);

        Assert.Contains("at least 12 characters", Staff.FieldMessageIn(weak, StaffDirectory.NewPasswordField), StringComparison.Ordinal);
        Assert.Equal("The two passwords are not the same.", Staff.FieldMessageIn(differ, "ConfirmPassword"));
        Assert.Contains("Your new password is set", done, StringComparison.Ordinal);
    }

    private async Task<ResetLink> IssueAsync(System.Security.Claims.ClaimsPrincipal admin, string email)
    {
        var id = await IdOfAsync(email);
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<StaffDirectory>().IssueResetLinkAsync(admin, id);
        Assert.Empty(result.Problems);
        return result.Link!;
    }

    private async Task<string> IdOfAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email))!.Id;
    }

    private static async Task<string> PostAsync(HttpClient client, string url, Dictionary<string, string> hidden, string password, string? confirm = null)
    {
        var fields = new Dictionary<string, string>(hidden) { ["Input.NewPassword"] = password, ["Input.ConfirmPassword"] = confirm ?? password };
        using var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static (string UserId, string Token) Parse(string relativeUrl)
    {
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), relativeUrl).Query);
        return (query["user"].ToString(), query["token"].ToString());
    }

    /// <summary>
    /// The same link as if it had been issued <paramref name="age"/> ago: the token (the protected bytes, Base64url) is
    /// opened with the app's keys, its
    /// creation time (the first 8 bytes: UTC ticks, Identity's DataProtectorTokenProvider format) moved back, and
    /// protected again.
    /// </summary>
    private static string Aged(IServiceProvider services, string relativeUrl, TimeSpan age)
    {
        var (userId, token) = Parse(relativeUrl);
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ResetLinkTokenProvider.ProviderName);
        var payload = protector.Unprotect(WebEncoders.Base64UrlDecode(token));
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(0, 8), (DateTimeOffset.UtcNow - age).UtcTicks);
        var aged = WebEncoders.Base64UrlEncode(protector.Protect(payload));
        return $"{StaffDirectory.ResetPath}?user={Uri.EscapeDataString(userId)}&token={aged}";
    }
}
