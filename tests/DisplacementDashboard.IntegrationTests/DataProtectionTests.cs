using System.Net;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>Sign-in cookies outlive the process that issued them: the keys are kept in a folder, not in memory.</summary>
public sealed class DataProtectionTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static async Task<HttpStatusCode> EditingPageWithCookieAsync(WebApplicationFactory<Program> host, string cookie)
    {
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/figures/new");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static string CookiePairs(HttpResponseMessage response, string prefix) =>
        string.Join("; ", (response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            .Where(c => c.StartsWith(prefix, StringComparison.Ordinal))
            .Select(c => c[..c.IndexOf(';', StringComparison.Ordinal)]));

    [Fact]
    public async Task ACookieIssuedByOneProcess_IsAcceptedByAnotherWithTheSameKeysFolder_AndOnlyThen()
    {
        var keys = Directory.CreateTempSubdirectory("dd-keys-").FullName;
        var otherKeys = Directory.CreateTempSubdirectory("dd-keys-").FullName;
        await Staff.CreateAsync(factory.Services, "keys@example.org", StaffRoles.Editor);

        string cookie;
        await using (var first = factory.WithWebHostBuilder(b => b.UseSetting("DataProtection:KeysDirectory", keys)))
        {
            // Cookies by hand, to see exactly which one the sign-in sets.
            using var client = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            using var form = await client.GetAsync("/account/login");
            var antiforgery = CookiePairs(form, ".AspNetCore.Antiforgery.");
            var html = await form.Content.ReadAsStringAsync();
            var fields = System.Text.RegularExpressions.Regex.Matches(html, "<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")
                .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
            fields["Input.Email"] = "keys@example.org";
            fields["Input.Password"] = Staff.Password;
            using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(fields) };
            post.Headers.Add("Cookie", antiforgery);
            using var signedIn = await client.SendAsync(post);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            cookie = CookiePairs(signedIn, "dd.staff=");
            Assert.NotEmpty(cookie);
        }

        Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));
        await using var restarted = factory.WithWebHostBuilder(b => b.UseSetting("DataProtection:KeysDirectory", keys));
        await using var stranger = factory.WithWebHostBuilder(b => b.UseSetting("DataProtection:KeysDirectory", otherKeys));

        Assert.Equal(HttpStatusCode.OK, await EditingPageWithCookieAsync(restarted, cookie));
        Assert.Equal(HttpStatusCode.Redirect, await EditingPageWithCookieAsync(stranger, cookie));
    }

    [Fact]
    public void KeysFolder_DefaultsToBesideTheDatabase()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Dashboard"] = $"Data Source={factory.DatabasePath}" })
            .Build();

        var folder = DisplacementDashboard.Web.Hosting.DataProtectionHosting.KeysDirectory(configuration, "/unused");

        Assert.Equal(Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "keys"), folder);
    }
}
