using DisplacementDashboard.Core.Accounts;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>
/// <c>create-admin --email you@example.org</c>: creates the first Admin on the server, reading the password from
/// standard input (never from the command line, where it would land in shell history). There are no default
/// credentials; further accounts are made by an Admin in /admin/users.
/// </summary>
public static class AdminCommand
{
    public const string Name = "create-admin";

    /// <summary>True when <paramref name="args"/> name this command.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>Runs the command: 0 when the account was created, 1 when it was refused, 2 on wrong usage.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var emailAt = Array.IndexOf(args, "--email");
        var email = emailAt >= 0 && emailAt + 1 < args.Length ? args[emailAt + 1].Trim() : "";
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            await error.WriteLineAsync($"Usage: {Name} --email you@example.org   (the password is read from standard input)");
            return 2;
        }

        await error.WriteLineAsync($"Password for {email} (12 to 128 characters), then Enter:");
        var password = await input.ReadLineAsync() ?? "";

        await app.InitializeStoreAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var problems = await scope.ServiceProvider.GetRequiredService<StaffDirectory>().CreateAdminAsync(email, password);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync("Not created: " + problem);
            }

            return 1;
        }

        await output.WriteLineAsync($"Admin account created for {email}. Sign in at /account/login.");
        return 0;
    }
}
