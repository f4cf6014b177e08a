using DisplacementDashboard.Web.Hosting;
using System.Security.Claims;
using DisplacementDashboard.Core.Accounts;
using DisplacementDashboard.Core.Editing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace DisplacementDashboard.Web.Features.Admin;

/// <summary>
/// Staff accounts for Admins: create Editors, disable and enable accounts, issue reset links. The page only asks and
/// shows; <see cref="StaffDirectory"/> decides (roles in the store, your own account, the last enabled Admin).
/// </summary>
public sealed partial class UsersPage : ComponentBase
{
    private IReadOnlyList<StaffAccount>? _accounts;
    private IReadOnlyList<string> _problems = [];
    private IReadOnlyList<FieldError> _fieldErrors = [];
    private ResetLink? _issued;
    private string? _done;
    private string _email = "";
    private string _password = "";
    private bool _alsoAdmin;
    private bool _busy;

    [Inject]
    public required StaffDirectory Directory { get; init; }

    [Inject]
    public required IOptions<AccountOptions> AccountSettings { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required SecurityEvents Security { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [CascadingParameter]
    public required Task<AuthenticationState> Auth { get; set; }

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync() => _accounts = await Directory.ListAsync((await Auth).User);

    private async Task CreateAsync()
    {
        await RunAsync(async user =>
        {
            var email = _email.Trim();
            _fieldErrors = await Directory.CreateEditorAsync(user, email, _password, _alsoAdmin);
            if (_fieldErrors.Count == 0)
            {
                Security.AccountChanged(user.Identity?.Name ?? "", email, _alsoAdmin ? "created as Editor and Admin" : "created as Editor");
                _done = $"Account created for {email}.";
                Snackbar.Add(_done, Severity.Success);
                (_email, _password, _alsoAdmin) = ("", "", false);
            }
            else
            {
                Snackbar.Add("The account was not created: see the messages under the fields.", Severity.Error);
            }
        });
    }

    private async Task SetDisabledAsync(StaffAccount account, bool disabled)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            disabled ? $"Disable {account.Email}?" : $"Enable {account.Email}?",
            disabled
                ? "They will not be able to sign in, their open pages lose editing within a minute, and their name stays in the history. You can enable the account again."
                : "They will be able to sign in again with their password.",
            yesText: disabled ? "Disable" : "Enable",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(async user =>
        {
            _problems = await Directory.SetDisabledAsync(user, account.Id, disabled);
            if (_problems.Count == 0)
            {
                Security.AccountChanged(user.Identity?.Name ?? "", account.Email, disabled ? "disabled (every session ended)" : "enabled");
            }

            _done = _problems.Count == 0 ? $"{account.Email} is now {(disabled ? "disabled" : "enabled")}." : null;
            ReportOutcome(_done);
        });
    }

    /// <summary>
    /// Issues a reset link after a confirmation. The link is kept only in this page's memory and shown once; it ends no
    /// session until it is used.
    /// </summary>
    private async Task IssueResetLinkAsync(StaffAccount account)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Issue a reset link for {account.Email}?",
            $"Whoever opens the link can set a new password for {account.Email}, once, within {AccountSettings.Value.ResetLinkHours:0.##} hours. " +
            "You will see it once, here: pass it on in person or by a channel you trust. Their password and their sessions keep working until the link is used.",
            yesText: "Issue link",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(async user =>
        {
            var result = await Directory.IssueResetLinkAsync(user, account.Id);
            (_issued, _problems) = (result.Link, result.Problems);
            if (_issued is not null)
            {
                Security.AccountChanged(user.Identity?.Name ?? "", account.Email, $"reset link issued (valid {AccountSettings.Value.ResetLinkHours:0.##} hours, once)");
            }

            ReportOutcome(_issued is null ? null : $"Reset link issued for {account.Email}.");
        });
    }

    /// <summary>A snackbar with <paramref name="success"/>, or with the problems when there is none.</summary>
    private void ReportOutcome(string? success)
    {
        if (success is not null)
        {
            Snackbar.Add(success, Severity.Success);
        }
        else
        {
            Snackbar.Add(string.Join(" ", _problems), Severity.Error);
        }
    }

    private async Task RunAsync(Func<ClaimsPrincipal, Task> action)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        (_done, _problems, _fieldErrors, _issued) = (null, [], [], null);
        try
        {
            await action((await Auth).User);
            await LoadAsync();
        }
        catch (NotAuthorizedException ex)
        {
            await Security.RefusedAsync("changing accounts", ex.Message);
            _problems = [ex.Message];
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
