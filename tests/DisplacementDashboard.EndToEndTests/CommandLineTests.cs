using DisplacementDashboard.EndToEndTests.Infrastructure;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>The command-line verbs are for scripts: the result alone on standard output, everything else on standard error.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task CreateAdmin_PrintsOnlyItsResultOnStandardOutput_AndLogsOnStandardError()
    {
        var directory = AppProcess.NewDirectory();

        var (exitCode, output, errors) = await AppProcess.RunCommandSeparatelyAsync(
            directory, "a long enough password", null, "create-admin", "--email", "script@example.org");

        Assert.Equal(0, exitCode);
        Assert.Equal("Admin account created for script@example.org. Sign in at /account/login.", output.Trim());
        Assert.Contains("Password for script@example.org", errors, StringComparison.Ordinal);
        Assert.Contains("Store ready", errors, StringComparison.Ordinal); // the start-up log line
    }

    [Fact]
    public async Task CreateAdmin_Refused_PrintsNothingOnStandardOutput_AndExitsOne()
    {
        var directory = AppProcess.NewDirectory();

        var (exitCode, output, errors) = await AppProcess.RunCommandSeparatelyAsync(
            directory, "short", null, "create-admin", "--email", "weak@example.org");

        Assert.Equal(1, exitCode);
        Assert.Equal("", output.Trim());
        Assert.Contains("Not created:", errors, StringComparison.Ordinal);
    }
}
