namespace DisplacementDashboard.Web.Hosting;

/// <summary>
/// The command verbs the app runs instead of serving pages: <c>create-admin</c> (<see cref="AdminCommand"/>),
/// <c>backup</c> and <c>restore</c> (<see cref="BackupCommand"/>), <c>extract</c> (<see cref="ExtractCommand"/>), <c>import</c> (<see cref="ImportCommand"/>). They are for scripts: the result alone on standard
/// output; prompts, reasons, usage and every log line on standard error; exit code 0 done, 1 refused or failed,
/// 2 wrong usage.
/// </summary>
public static class CommandLine
{
    /// <summary>True when the process was started to run a command rather than the web app.</summary>
    public static bool IsCommand(string[] args) => AdminCommand.IsCommand(args) || BackupCommand.IsCommand(args) || ExtractCommand.IsCommand(args) || ImportCommand.IsCommand(args);

    /// <summary>Runs a command when <paramref name="args"/> names one; returns its exit code, or null to start the web app.</summary>
    public static async Task<int?> RunCommandAsync(this WebApplication app, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (AdminCommand.IsCommand(args))
        {
            return await AdminCommand.RunAsync(app, args, input, output, error);
        }

        if (BackupCommand.IsCommand(args))
        {
            return await BackupCommand.RunAsync(app, args, output, error);
        }

        if (ExtractCommand.IsCommand(args))
        {
            return await ExtractCommand.RunAsync(app, args, output, error);
        }

        if (ImportCommand.IsCommand(args))
        {
            return await ImportCommand.RunAsync(app, args, output, error);
        }

        return null;
    }
}
