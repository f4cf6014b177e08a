using System.Threading.RateLimiting;
using DisplacementDashboard.Core.Accounts;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>Staff sign-in: ASP.NET Core Identity on the dashboard's store, cookie auth, lockout and login rate limit.</summary>
public static class IdentityHostingExtensions
{
    /// <summary>Failed sign-ins before an account is locked for <see cref="LockoutMinutes"/>.</summary>
    public const int MaxFailedAttempts = 5;

    public const int LockoutMinutes = 15;

    public static IServiceCollection AddDashboardIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, StaffRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "dd.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });

        // Sign-out, disabling, a password change and a reset give the account a new security stamp. Every request
        // with a staff cookie checks the stamp (interval zero, StaffSecurityStampValidator), so a session ended
        // elsewhere, or a copy of its cookie, is anonymous at its next request.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

        services.AddIdentityCore<StaffUser>(o =>
            {
                o.Password.RequiredLength = PasswordRules<StaffUser>.MinimumLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(LockoutMinutes);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                o.Tokens.PasswordResetTokenProvider = ResetLinkTokenProvider.ProviderName;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<DashboardDbContext>()
            .AddSignInManager<StaffSignInManager>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ResetLinkTokenProvider>(ResetLinkTokenProvider.ProviderName)
            .AddPasswordValidator<PasswordRules<StaffUser>>();
        services.AddScoped<ISecurityStampValidator, StaffSecurityStampValidator>();
        services.AddSingleton<DecoyPasswordHash>();
        services.AddScoped<StaffDirectory>();

        // Reset links have a provider and a lifetime of their own; Identity's default provider (whose one-day
        // lifetime other kinds of token would share) is left as it is.
        services.AddOptions<AccountOptions>()
            .Bind(configuration.GetSection(AccountOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ResetLinkTokenProviderOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<AccountOptions>>((o, accounts) =>
            {
                o.Name = ResetLinkTokenProvider.ProviderName;
                o.TokenLifespan = accounts.Value.ResetLinkLifetime;
            });
        services.AddAuthorization();

        var perMinute = configuration.GetValue("Accounts:LoginAttemptsPerMinute", 10);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/account/login", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        "login:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("other"));
            o.OnRejected = async (context, cancellationToken) =>
            {
                // Once per client a minute, not once per refused post: a flood of thousands a second must not become
                // a flood of log lines.
                var client = SecurityLog.ClientOf(context.HttpContext);
                if (RateLimitLogThrottle.ShouldLog(client, DateTime.UtcNow))
                {
                    SecurityLog.SignInRateLimited(SecurityLog.For(context.HttpContext.RequestServices), client, perMinute);
                }

                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from your network. Wait a minute and try again.", cancellationToken);
            };
        });
        return services;
    }

    /// <summary>
    /// Sign-out as a POST with an antiforgery token, from the layout's button. It renews the account's security
    /// stamp, which ends every session of the account (other browsers, and any copy of this cookie), not only this one.
    /// </summary>
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<StaffUser> signIn) =>
        {
            bool valid;
            try
            {
                valid = await antiforgery.IsRequestValidAsync(context);
            }
            catch (Exception e) when (e is AntiforgeryValidationException or InvalidDataException or BadHttpRequestException or IOException)
            {
                // A body that is not a readable form (malformed multipart, over the form limits): the request is
                // bad, not the server.
                return Results.BadRequest("The sign-out request is not a valid form; reload the page and sign out again.");
            }

            if (!valid)
            {
                return Results.BadRequest("The sign-out form has expired; reload the page and sign out again.");
            }

            if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
                SecurityLog.SignedOut(SecurityLog.For(context.RequestServices), user.Email ?? user.UserName ?? user.Id, SecurityLog.ClientOf(context));
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/signed-out");
        }).ExcludeFromDescription(); // the sign-out form's target, not part of the read API (docs/api.md)
        return app;
    }
}

/// <summary>
/// Identity's sign-in, with two changes: a disabled account cannot sign in, and every password sign-in verifies
/// exactly one password hash, whether the account exists, is disabled, locked out or real, so the time a sign-in
/// takes does not tell which accounts exist (a hash verification is most of its cost).
/// </summary>
public sealed class StaffSignInManager(
    UserManager<StaffUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<StaffUser> claimsFactory,
    Microsoft.Extensions.Options.IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<StaffUser>> logger,
    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<StaffUser> confirmation,
    DecoyPasswordHash decoy)
    : SignInManager<StaffUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(StaffUser user) => !user.IsDisabled && await base.CanSignInAsync(user);

    /// <summary>
    /// The sign-in form's check: the account by email, its password, lockout after failures. An unknown email is
    /// checked against <see cref="DecoyPasswordHash"/> and fails like a wrong password.
    /// </summary>
    public async Task<SignInResult> PasswordSignInByEmailAsync(string email, string password)
    {
        var user = await UserManager.FindByEmailAsync(email);
        if (user is null)
        {
            VerifyDecoy(password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
    }

    /// <summary>
    /// A disabled account's own hash is verified, and only its right password learns that it is disabled; a locked-out
    /// account verifies the decoy (its password is not tried while it is locked).
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(StaffUser user, string password, bool lockoutOnFailure)
    {
        if (user.IsDisabled)
        {
            return await UserManager.CheckPasswordAsync(user, password) ? SignInResult.NotAllowed : SignInResult.Failed;
        }

        if (await IsLockedOut(user))
        {
            VerifyDecoy(password);
            return await LockedOut(user);
        }

        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    private void VerifyDecoy(string password) => UserManager.PasswordHasher.VerifyHashedPassword(new StaffUser(), decoy.Value, password);
}

/// <summary>
/// A hash of a random password nobody knows, made once at start with the app's hasher options, so it has the format
/// and iteration count of every account's hash and verifying a password against it costs the same.
/// </summary>
public sealed class DecoyPasswordHash(Microsoft.Extensions.Options.IOptions<PasswordHasherOptions> options)
{
    public string Value { get; } = new PasswordHasher<StaffUser>(options)
        .HashPassword(new StaffUser(), Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
}

/// <summary>
/// Checks a staff cookie's security stamp against the store on every request (the validation interval is zero), so
/// a session ended elsewhere is signed out at its next request. A disabled account is refused here too. The
/// principal is rebuilt from the store and the cookie re-issued at most once every <see cref="RefreshInterval"/>,
/// as Identity did with a one-minute interval: the cost per request is one read of the account by its key.
/// </summary>
public sealed class StaffSecurityStampValidator(
    Microsoft.Extensions.Options.IOptions<SecurityStampValidatorOptions> options,
    SignInManager<StaffUser> signInManager,
    ILoggerFactory logger)
    : SecurityStampValidator<StaffUser>(options, signInManager, logger)
{
    /// <summary>How old a cookie may get before its principal (roles included) is rebuilt and the cookie re-issued.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    protected override async Task<StaffUser?> VerifySecurityStamp(System.Security.Claims.ClaimsPrincipal? principal) =>
        await base.VerifySecurityStamp(principal) is { IsDisabled: false } user ? user : null;

    protected override Task SecurityStampVerified(StaffUser user, Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context) =>
        context.Properties.IssuedUtc is { } issued && TimeProvider.GetUtcNow() - issued < RefreshInterval
            ? Task.CompletedTask
            : base.SecurityStampVerified(user, context);
}

/// <summary>Lets the "sign-in rate limit hit" event through once per client address a minute.</summary>
public static class RateLimitLogThrottle
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTime> LastLogged = new(StringComparer.Ordinal);

    public static bool ShouldLog(string client, DateTime utcNow)
    {
        if (LastLogged.Count > 10_000)
        {
            // Many addresses (a distributed flood): forget them rather than grow; at worst a few more log lines.
            LastLogged.Clear();
        }

        var logged = false;
        LastLogged.AddOrUpdate(client, _ => { logged = true; return utcNow; }, (_, last) =>
        {
            if (utcNow - last >= TimeSpan.FromMinutes(1))
            {
                logged = true;
                return utcNow;
            }

            logged = false;
            return last;
        });
        return logged;
    }
}
