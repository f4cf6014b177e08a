using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using DisplacementDashboard.Core.Domain;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>Creates real staff accounts in the test store and signs them in, through services or over HTTP.</summary>
public static partial class Staff
{
    public const string Password = "a long enough test password";

    /// <summary>
    /// Creates an account with the given roles (empty for none) and returns the principal a sign-in would give it
    /// (name, roles and the security stamp, as in the cookie).
    /// </summary>
    public static async Task<ClaimsPrincipal> CreateAsync(IServiceProvider services, string email, params string[] roles)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in new[] { StaffRoles.Editor, StaffRoles.Admin })
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                await roleManager.CreateAsync(new IdentityRole(role));
            }
        }

        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, LockoutEnabled = true };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        if (roles.Length > 0)
        {
            Assert.True((await users.AddToRolesAsync(user, roles)).Succeeded);
        }

        return await scope.ServiceProvider.GetRequiredService<SignInManager<StaffUser>>().CreateUserPrincipalAsync(user);
    }

    /// <summary>The same session claiming one more role than it was given (a forged cookie).</summary>
    public static ClaimsPrincipal WithRole(ClaimsPrincipal principal, string role) =>
        new(new ClaimsIdentity([.. principal.Claims, new Claim(ClaimTypes.Role, role)], "test"));

    public static ClaimsPrincipal Principal(string email, params string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, email), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    public static ClaimsPrincipal Anonymous { get; } = new(new ClaimsIdentity());

    public static HttpClient Client(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the real login form (with its antiforgery token) and returns the response.</summary>
    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        PostFormAsync(client, "/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>
    /// Gets a page with a static form and posts the form back to the same address: its hidden fields (antiforgery
    /// token, form name) and <paramref name="values"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IReadOnlyDictionary<string, string> values)
    {
        var fields = HiddenFields(await client.GetStringAsync(path));
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>The hidden inputs of a page, by name (the first of each: a signed-in page's sign-out form has a token too).</summary>
    public static Dictionary<string, string> HiddenFields(string page) =>
        HiddenInput().Matches(page)
            .GroupBy(m => WebUtility.HtmlDecode(m.Groups["name"].Value))
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups["value"].Value));

    /// <summary>The message a page shows under a field (<c>FieldMessage</c>, <c>data-testid="error-FIELD"</c>), or null.</summary>
    public static string? FieldMessageIn(string page, string field)
    {
        var match = Regex.Match(page, $"data-testid=\"error-{Regex.Escape(field)}\"[^>]*>(?<text>[^<]*)<", RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success ? WebUtility.HtmlDecode(match.Groups["text"].Value) : null;
    }

    /// <summary>Posts the layout's sign-out form (with the antiforgery token from a page) and returns the response.</summary>
    public static async Task<HttpResponseMessage> PostLogoutAsync(HttpClient client, bool withToken = true)
    {
        var page = await client.GetStringAsync("/");
        var fields = withToken
            ? HiddenInput().Matches(page).Where(m => m.Groups["name"].Value == "__RequestVerificationToken").Take(1)
                .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value))
            : [];
        return await client.PostAsync("/account/logout", new FormUrlEncodedContent(fields));
    }

    /// <summary>The sign-in cookie (<c>dd.staff=...</c>) a response set, to replay it from another client.</summary>
    public static string SignInCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(CookiePrefix, StringComparison.Ordinal));

    /// <summary>A client without a cookie jar that sends <paramref name="cookie"/> with every request (a copied cookie).</summary>
    public static HttpClient Replaying(WebApplicationFactory<Program> factory, string cookie)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>The principal a sign-in cookie carries: what an open page that started with it passes to the services.</summary>
    public static ClaimsPrincipal PrincipalOf(IServiceProvider services, string cookie)
    {
        var options = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ticket = options.TicketDataFormat.Unprotect(Uri.UnescapeDataString(cookie[CookiePrefix.Length..]));
        Assert.NotNull(ticket);
        return ticket.Principal;
    }

    private const string CookiePrefix = "dd.staff=";

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
