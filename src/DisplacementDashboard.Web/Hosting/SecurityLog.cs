using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>
/// Security events as structured log entries under one category, <see cref="Category"/>, each with its own event id
/// and the client's address (after <see cref="TrustedProxies"/>), so they can be filtered, alerted on and kept
/// apart from the rest of the log. The account is the e-mail address as typed or signed in; no password, token or
/// cookie is ever written.
/// </summary>
public static partial class SecurityLog
{
    /// <summary>The log category of every security event (set its level under <c>Logging:LogLevel</c>).</summary>
    public const string Category = "DisplacementDashboard.Security";

    [LoggerMessage(EventId = 1001, EventName = "SignInSucceeded", Level = LogLevel.Information, Message = "Sign-in succeeded for {Account} from {Client}")]
    public static partial void SignInSucceeded(ILogger logger, string account, string client);

    [LoggerMessage(EventId = 1002, EventName = "SignInFailed", Level = LogLevel.Warning, Message = "Sign-in failed for {Account} from {Client}: {Reason}")]
    public static partial void SignInFailed(ILogger logger, string account, string client, string reason);

    [LoggerMessage(EventId = 1003, EventName = "LockedOut", Level = LogLevel.Warning, Message = "Account {Account} is locked out after failed sign-ins, last from {Client}")]
    public static partial void LockedOut(ILogger logger, string account, string client);

    [LoggerMessage(EventId = 1004, EventName = "SignInRateLimited", Level = LogLevel.Warning, Message = "Sign-in attempts from {Client} are over the limit of {Limit} a minute: refused with 429")]
    public static partial void SignInRateLimited(ILogger logger, string client, int limit);

    [LoggerMessage(EventId = 1005, EventName = "SignedOut", Level = LogLevel.Information, Message = "{Account} signed out from {Client}; every session of the account ended")]
    public static partial void SignedOut(ILogger logger, string account, string client);

    [LoggerMessage(EventId = 2001, EventName = "AuthorizationRefused", Level = LogLevel.Warning, Message = "Refused {What} to {Account} from {Client}: {Reason}")]
    public static partial void AuthorizationRefused(ILogger logger, string what, string account, string client, string reason);

    [LoggerMessage(EventId = 3001, EventName = "ImportCommitted", Level = LogLevel.Information, Message = "Import of {File} committed by {Account} from {Client}: {Created} new, {Updated} corrected, {Unchanged} unchanged")]
    public static partial void ImportCommitted(ILogger logger, string file, string account, string client, int created, int updated, int unchanged);

    [LoggerMessage(EventId = 3002, EventName = "ImportRefused", Level = LogLevel.Warning, Message = "Import of {File} by {Account} from {Client} refused, nothing written: {Reason}")]
    public static partial void ImportRefused(ILogger logger, string file, string account, string client, string reason);

    [LoggerMessage(EventId = 4001, EventName = "AccountChanged", Level = LogLevel.Information, Message = "{Actor} from {Client} changed account {Account}: {Change}")]
    public static partial void AccountChanged(ILogger logger, string actor, string client, string account, string change);

    [LoggerMessage(EventId = 5001, EventName = "CircuitRefused", Level = LogLevel.Warning, Message = "Refused a live connection for {Client}: it already holds {Limit} open circuits")]
    public static partial void CircuitRefused(ILogger logger, string client, int limit);

    [LoggerMessage(EventId = 5002, EventName = "OriginRefused", Level = LogLevel.Warning, Message = "Refused a live connection from origin {Origin} for {Path} (client {Client})")]
    public static partial void OriginRefused(ILogger logger, string origin, string path, string client);

    /// <summary>The security logger.</summary>
    public static ILogger For(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);

    /// <summary>The client's address as the app sees it (after trusted proxies), or "unknown".</summary>
    public static string ClientOf(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Security logging: the client address of circuits, and refused authorization of HTTP requests.</summary>
    public static IServiceCollection AddSecurityLog(this IServiceCollection services)
    {
        services.AddScoped<ClientAddress>();
        services.AddScoped<CircuitHandler, ClientAddressCircuitHandler>();
        services.AddScoped<SecurityEvents>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, LoggingAuthorizationResultHandler>();
        return services;
    }
}

/// <summary>
/// The client's address for this scope: an HTTP request's own, or, in a circuit, the address of the connection it
/// was opened on (captured by <see cref="ClientAddressCircuitHandler"/>; a circuit has no HTTP request of its own).
/// </summary>
public sealed class ClientAddress(IHttpContextAccessor accessor)
{
    private string? _circuit;

    public string Value => _circuit ?? SecurityLog.ClientOf(accessor.HttpContext);

    internal void CaptureFromConnection()
    {
        if (accessor.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            _circuit = address.ToString();
        }
    }
}

/// <summary>Records the address a circuit's connection came from, each time it (re)connects.</summary>
public sealed class ClientAddressCircuitHandler(ClientAddress address) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        address.CaptureFromConnection();
        return Task.CompletedTask;
    }
}

/// <summary>What pages and endpoints call to log a security event with this scope's account and client address.</summary>
public sealed class SecurityEvents(IServiceProvider services, ClientAddress client, AuthenticationStateProvider authentication)
{
    private readonly ILogger _logger = SecurityLog.For(services);

    public string Client => client.Value;

    /// <summary>A change refused by the services' own check (<c>StaffAuthorization</c>), or a page refused in a circuit.</summary>
    public async Task RefusedAsync(string what, string reason)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var account = user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "a signed-in account" : "an anonymous visitor";
        SecurityLog.AuthorizationRefused(_logger, what, account, Client, reason);
    }

    public void ImportCommitted(string file, string account, int created, int updated, int unchanged) =>
        SecurityLog.ImportCommitted(_logger, file, account, Client, created, updated, unchanged);

    public void ImportRefused(string file, string account, string reason) =>
        SecurityLog.ImportRefused(_logger, file, account, Client, reason);

    public void AccountChanged(string actor, string account, string change) =>
        SecurityLog.AccountChanged(_logger, actor, Client, account, change);

    /// <summary>The outcome of a sign-in attempt (the account as typed; never the password).</summary>
    public void SignIn(string account, Microsoft.AspNetCore.Identity.SignInResult result)
    {
        if (result.Succeeded)
        {
            SecurityLog.SignInSucceeded(_logger, account, Client);
        }
        else if (result.IsLockedOut)
        {
            SecurityLog.LockedOut(_logger, account, Client);
        }
        else
        {
            SecurityLog.SignInFailed(_logger, account, Client, result.IsNotAllowed ? "the account is disabled" : "unknown account or wrong password");
        }
    }
}

/// <summary>
/// Logs every HTTP request that authorization refuses (a staff page without sign-in, an Admin page for an Editor)
/// before the framework answers it as usual (redirect to sign-in, or to the denied page).
/// </summary>
public sealed class LoggingAuthorizationResultHandler(ILoggerFactory loggers) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();
    private readonly ILogger _logger = loggers.CreateLogger(SecurityLog.Category);

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged || authorizeResult.Forbidden)
        {
            var account = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name ?? "a signed-in account" : "an anonymous visitor";
            SecurityLog.AuthorizationRefused(_logger, $"{context.Request.Method} {context.Request.Path}", account, SecurityLog.ClientOf(context),
                authorizeResult.Forbidden ? "the account lacks the role" : "not signed in");
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
