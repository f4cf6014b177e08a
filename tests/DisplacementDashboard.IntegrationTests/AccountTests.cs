using System.Net;
using DisplacementDashboard.Core.Accounts;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using DisplacementDashboard.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.IntegrationTests;

public class AccountTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Login_WithRightPassword_SignsIn_WithWrongOne_SaysSoWithoutRevealingAccounts()
    {
        await Staff.CreateAsync(factory.Services, "login@example.org", StaffRoles.Editor);
        using var client = Staff.Client(factory);

        var wrong = await (await Staff.PostLoginAsync(client, "login@example.org", "not the password at all")).Content.ReadAsStringAsync();
        var unknown = await (await Staff.PostLoginAsync(client, "nobody@example.org", "not the password at all")).Content.ReadAsStringAsync();
        using var right = await Staff.PostLoginAsync(client, "login@example.org", Staff.Password);

        Assert.Contains("Email or password is wrong.", wrong, StringComparison.Ordinal);
        Assert.Contains("Email or password is wrong.", unknown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var home = await client.GetStringAsync("/");
        Assert.Contains("login@example.org", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_NeedsTheFormToken_AndEndsTheSession()
    {
        await Staff.CreateAsync(factory.Services, "logout@example.org", StaffRoles.Editor);
        using var client = Staff.Client(factory);
        await Staff.PostLoginAsync(client, "logout@example.org", Staff.Password);

        using var forged = await Staff.PostLogoutAsync(client, withToken: false);
        using var stillIn = await client.GetAsync("/figures/new");
        using var real = await Staff.PostLogoutAsync(client);
        using var after = await client.GetAsync("/figures/new");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal("/account/signed-out", real.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task SignOut_WithABodyThatIsNotAReadableForm_Is400_AndChangesNothing()
    {
        await Staff.CreateAsync(factory.Services, "badlogout@example.org", StaffRoles.Editor);
        using var client = Staff.Client(factory);
        await Staff.PostLoginAsync(client, "badlogout@example.org", Staff.Password);

        using var multipart = new StringContent("--xyz\r\nbroken", System.Text.Encoding.ASCII);
        multipart.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        using var malformed = await client.PostAsync("/account/logout", multipart);
        using var tooLarge = await client.PostAsync("/account/logout",
            new StringContent("a=" + new string('a', 5 * 1024 * 1024), System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        using var stillIn = await client.GetAsync("/figures/new");

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Contains("not a valid form", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }

    [Fact]
    public async Task FiveFailedAttempts_AreCounted_AndLockTheAccount()
    {
        await Staff.CreateAsync(factory.Services, "lockout@example.org", StaffRoles.Editor);
        using var client = Staff.Client(factory);

        for (var i = 1; i <= IdentityHostingExtensions.MaxFailedAttempts - 1; i++)
        {
            await Staff.PostLoginAsync(client, "lockout@example.org", "wrong password " + i);
            await using var scope = factory.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            Assert.Equal(i, await users.GetAccessFailedCountAsync((await users.FindByEmailAsync("lockout@example.org"))!));
        }

        var fifth = await (await Staff.PostLoginAsync(client, "lockout@example.org", "wrong password 5")).Content.ReadAsStringAsync();
        var withRightPassword = await (await Staff.PostLoginAsync(client, "lockout@example.org", Staff.Password)).Content.ReadAsStringAsync();

        Assert.Contains("locked", fifth, StringComparison.Ordinal);
        Assert.Contains("locked", withRightPassword, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPosts_AreRateLimitedPerClient()
    {
        await using var limited = factory.WithWebHostBuilder(b => b.UseSetting("Accounts:LoginAttemptsPerMinute", "3"));
        using var client = Staff.Client(limited);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await Staff.PostLoginAsync(client, "someone@example.org", "wrong password here");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Theory]
    [InlineData("short one", "PasswordTooShort")]
    [InlineData("password1234", "PasswordCommon")]
    [InlineData("correcthorsebatterystaple", "PasswordCommon")]
    public async Task WeakPasswords_AreRefusedWithAReason(string password, string code)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();

        var result = await users.CreateAsync(new StaffUser { UserName = $"{code}{password.Length}@example.org", Email = $"{code}{password.Length}@example.org" }, password);

        Assert.Contains(result.Errors, e => e.Code == code);
    }

    [Fact]
    public async Task Passwords_NeedNoCompositionRules_ButAreCappedAt128()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();

        var plain = await users.CreateAsync(new StaffUser { UserName = "plain@example.org", Email = "plain@example.org" }, "just lower case words");
        var longest = await users.CreateAsync(new StaffUser { UserName = "longest@example.org", Email = "longest@example.org" }, new string('w', 128));
        var tooLong = await users.CreateAsync(new StaffUser { UserName = "toolong@example.org", Email = "toolong@example.org" }, new string('w', 129));

        Assert.True(plain.Succeeded);
        Assert.True(longest.Succeeded);
        Assert.Contains(tooLong.Errors, e => e.Code == "PasswordTooLong");
    }

    [Fact]
    public async Task DisablingAnAccount_RefusesItsWrites_ItsOpenPages_AndItsSignIn()
    {
        var admin = await Staff.CreateAsync(factory.Services, "disabler@example.org", StaffRoles.Editor, StaffRoles.Admin);
        var editor = await Staff.CreateAsync(factory.Services, "disabled@example.org", StaffRoles.Editor);
        await using var scope = factory.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<StaffDirectory>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var signedIn = await scope.ServiceProvider.GetRequiredService<SignInManager<StaffUser>>()
            .CreateUserPrincipalAsync((await users.FindByEmailAsync("disabled@example.org"))!);
        var identityOptions = scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value;
        Assert.True(await StaffRevalidatingAuthenticationStateProvider.IsStillValidAsync(users, signedIn, identityOptions));
        var id = (await users.FindByEmailAsync("disabled@example.org"))!.Id;

        Assert.Empty(await directory.SetDisabledAsync(admin, id, disabled: true));

        await Assert.ThrowsAsync<NotAuthorizedException>(() => scope.ServiceProvider.GetRequiredService<SourceEditor>()
            .CreateAsync(editor, new SourceInput { Title = "A report", Publisher = "Someone" }));
        await using var fresh = factory.Services.CreateAsyncScope();
        var freshUsers = fresh.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        Assert.False(await StaffRevalidatingAuthenticationStateProvider.IsStillValidAsync(freshUsers, signedIn, identityOptions));
        using var client = Staff.Client(factory);
        var page = await (await Staff.PostLoginAsync(client, "disabled@example.org", Staff.Password)).Content.ReadAsStringAsync();
        Assert.Contains("This account is disabled", page, StringComparison.Ordinal);
        Assert.Contains(await directory.ListAsync(admin), a => a.Email == "disabled@example.org" && a.IsDisabled);
    }

    [Fact]
    public async Task AnAdmin_CannotDisableThemselves_AndCreatedEditorsGetTheEditorRoleOnly()
    {
        var admin = await Staff.CreateAsync(factory.Services, "self@example.org", StaffRoles.Editor, StaffRoles.Admin);
        await using var scope = factory.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<StaffDirectory>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();

        var self = await directory.SetDisabledAsync(admin, (await users.FindByEmailAsync("self@example.org"))!.Id, disabled: true);
        var created = await directory.CreateEditorAsync(admin, "new-editor@example.org", "a perfectly fine password", alsoAdmin: false);
        var weak = await directory.CreateEditorAsync(admin, "weak@example.org", "short", alsoAdmin: false);

        Assert.Contains("You cannot disable your own account.", self);
        Assert.Empty(created);
        Assert.Equal([StaffRoles.Editor], await users.GetRolesAsync((await users.FindByEmailAsync("new-editor@example.org"))!));
        Assert.NotEmpty(weak);
        Assert.All(weak, e => Assert.Equal(StaffDirectory.PasswordField, e.Field));
        Assert.Null(await users.FindByEmailAsync("weak@example.org"));
    }

    [Fact]
    public async Task TwoAdminsDisablingEachOtherAtOnce_LeaveOneEnabledAdmin_AndTheOtherIsToldWhy()
    {
        // A store of its own: the rule is about every enabled Admin in it.
        await using var store = factory.Fresh();
        var first = await Staff.CreateAsync(store.Services, "first-admin@example.org", StaffRoles.Editor, StaffRoles.Admin);
        var second = await Staff.CreateAsync(store.Services, "second-admin@example.org", StaffRoles.Editor, StaffRoles.Admin);
        string firstId, secondId;
        await using (var scope = store.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            (firstId, secondId) = ((await users.FindByEmailAsync("first-admin@example.org"))!.Id, (await users.FindByEmailAsync("second-admin@example.org"))!.Id);
        }

        // Another writer holds the lock the check takes (SQLite's write lock; on PostgreSQL the advisory lock) while both
        // requests pass their sign-in checks and reach their writes; when it lets go, the two run one after the other.
        var release = await HoldAdminCheckLockAsync(store);

        // On the thread pool: SQLite's async calls block while they wait for the lock.
        var firstDisablesSecond = Task.Run(() => DisableAsync(store, first, secondId));
        var secondDisablesFirst = Task.Run(() => DisableAsync(store, second, firstId));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await release();

        var outcomes = await Task.WhenAll(firstDisablesSecond, secondDisablesFirst);

        Assert.Single(outcomes, o => o.Count == 0);
        Assert.Contains(outcomes, o => o.Count == 1 && o[0].Contains("is the last enabled administrator", StringComparison.Ordinal));
        await using var db = store.CreateContext();
        Assert.Equal(1, await db.Users.CountAsync(u => !u.IsDisabled));
    }

    /// <summary>Takes the lock StaffDirectory.SetDisabledAsync waits for, on its own connection; the result lets it go.</summary>
    private static async Task<Func<Task>> HoldAdminCheckLockAsync(DashboardFactory store)
    {
        if (store.Provider == DatabaseProvider.Postgres)
        {
            var holder = new Npgsql.NpgsqlConnection(store.ConnectionString);
            await holder.OpenAsync();
            await using (var take = new Npgsql.NpgsqlCommand("BEGIN; SELECT pg_advisory_xact_lock(1145044993);", holder))
            {
                await take.ExecuteNonQueryAsync();
            }

            return async () =>
            {
                await using (var rollback = new Npgsql.NpgsqlCommand("ROLLBACK;", holder))
                {
                    await rollback.ExecuteNonQueryAsync();
                }

                await holder.DisposeAsync();
            };
        }

        var blocker = new SqliteConnection($"Data Source={store.DatabasePath}");
        await blocker.OpenAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        return async () =>
        {
            await using (var rollback = blocker.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync();
            }

            await blocker.DisposeAsync();
        };
    }

    private static async Task<IReadOnlyList<string>> DisableAsync(DashboardFactory store, System.Security.Claims.ClaimsPrincipal admin, string userId)
    {
        await using var scope = store.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StaffDirectory>().SetDisabledAsync(admin, userId, disabled: true);
    }
}
