using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests.Infrastructure;

/// <summary>One app process and one headless Debian Chromium for the whole test class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; Playwright's own browser download is not used (no network for it here).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public AppProcess App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>An Admin (and Editor) created with the real create-admin command before the app starts.</summary>
    public const string AdminEmail = "e2e-admin@example.org";

    public const string AdminPassword = "end to end test password";

    public string CreateAdminOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // CI machines are small and shared (2 cores): a chart may take longer than Playwright's default 5 s to draw
        // under load. Waits are on conditions, never fixed sleeps; a longer ceiling only avoids false failures.
        Assertions.SetDefaultExpectTimeout(20_000);
        System.IO.Directory.CreateDirectory(ScreenshotDirectory);
        var directory = AppProcess.NewDirectory();
        var (exitCode, output) = await AppProcess.RunCommandAsync(directory, AdminPassword, "create-admin", "--email", AdminEmail);
        CreateAdminOutput = output;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"create-admin failed ({exitCode}): {output}");
        }

        App = await AppProcess.StartAsync(directory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

/// <summary>A page that records console errors and failed requests, so any test can fail on them.</summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private WatchedPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Problems.Add($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => Problems.Add($"page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Problems.Add($"HTTP {response.Status}: {response.Url}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            // Blazor aborts its own disconnect beacon when a page unloads; that is not a failure of ours.
            if (!request.Url.Contains("/_blazor/disconnect", StringComparison.Ordinal))
            {
                Problems.Add($"request failed: {request.Url} {request.Failure}");
            }
        };
    }

    public IPage Page { get; }

    public List<string> Problems { get; } = [];

    public IBrowserContext Context => _context;

    /// <summary>Signs in through the real login page as the fixture's admin.</summary>
    public Task SignInAsync(string returnUrl) => SignInAsync(returnUrl, BrowserFixture.AdminEmail, BrowserFixture.AdminPassword);

    /// <summary>Signs in through the real login page with the given account.</summary>
    public async Task SignInAsync(string returnUrl, string email, string password)
    {
        await Page.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await Page.Locator("#email").FillAsync(email);
        await Page.Locator("#password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForURLAsync("**" + returnUrl.Split('?')[0] + "**");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>
    /// Signed in as an Admin: issues a reset link for <paramref name="email"/> on /admin/users, through its confirmation
    /// dialog, and returns the link the page shows.
    /// </summary>
    public async Task<string> IssueResetLinkAsync(string email)
    {
        await GotoAsync("/admin/users");
        await Assertions.Expect(Page.GetByTestId("create-account")).ToBeEnabledAsync(); // the page is interactive
        await Page.GetByTestId("reset-" + email).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync($"Issue a reset link for {email}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Issue link" }).ClickAsync();
        var link = Page.Locator("#reset-link");
        await Assertions.Expect(link).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/account/reset\\?user=.+&token=.+"));
        return await link.InputValueAsync();
    }

    public static Task<WatchedPage> OpenAsync(BrowserFixture fixture) => OpenAsync(fixture.Browser, fixture.App);

    /// <summary>A page at a given width (1366 desktop, 390 phone) and colour scheme ("light" or "dark").</summary>
    public static Task<WatchedPage> OpenAsync(BrowserFixture fixture, int width, string colorScheme = "light", string locale = "en-GB") =>
        OpenAsync(fixture.Browser, fixture.App, width, colorScheme, locale);

    public static Task<WatchedPage> OpenAsync(IBrowser browser, AppProcess app, int width = 1366, string colorScheme = "light", string locale = "en-GB") =>
        OpenAsync(browser, app.BaseAddress, width, colorScheme, locale);

    /// <summary>A page on any address (a reverse proxy in front of several app processes, say).</summary>
    public static async Task<WatchedPage> OpenAsync(IBrowser browser, Uri baseAddress, int width = 1366, string colorScheme = "light", string locale = "en-GB")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : 900 },
            IsMobile = width < 600,
            HasTouch = width < 600,
            ColorScheme = colorScheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            Locale = locale,
        });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        return new WatchedPage(context, await context.NewPageAsync());
    }

    /// <summary>Opens a path and waits until Blazor's circuit is up and the page is interactive.</summary>
    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
