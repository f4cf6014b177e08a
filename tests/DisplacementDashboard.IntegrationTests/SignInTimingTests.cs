using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using DisplacementDashboard.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// A sign-in does the same work whatever the account: one password hash verified for an unknown, disabled,
/// locked-out or real account. Counted, not timed (a time limit would fail on a busy machine); the durations are
/// printed for a reader.
/// </summary>
public sealed class SignInTimingTests(DashboardFactory factory, ITestOutputHelper output) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task EverySignIn_VerifiesExactlyOnePasswordHash_WhateverTheAccount()
    {
        var hasher = new CountingPasswordHasher();
        await using var counted = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<StaffUser>>(hasher)));
        await Staff.CreateAsync(counted.Services, "timing-real@example.org", StaffRoles.Editor);
        await Staff.CreateAsync(counted.Services, "timing-disabled@example.org", StaffRoles.Editor);
        await Staff.CreateAsync(counted.Services, "timing-locked@example.org", StaffRoles.Editor);
        await using (var scope = counted.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var disabled = (await users.FindByEmailAsync("timing-disabled@example.org"))!;
            disabled.IsDisabled = true;
            Assert.True((await users.UpdateAsync(disabled)).Succeeded);
            Assert.True((await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("timing-locked@example.org"))!, DateTimeOffset.UtcNow.AddHours(1))).Succeeded);
        }

        (string Case, string Email, string Password, string Says)[] cases =
        [
            ("unknown account", "timing-nobody@example.org", "not the password at all", "Email or password is wrong."),
            ("real account, wrong password", "timing-real@example.org", "not the password at all", "Email or password is wrong."),
            ("disabled account, wrong password", "timing-disabled@example.org", "not the password at all", "Email or password is wrong."),
            ("disabled account, right password", "timing-disabled@example.org", Staff.Password, "This account is disabled."),
            ("locked-out account", "timing-locked@example.org", Staff.Password, "locked"),
            ("real account, right password", "timing-real@example.org", Staff.Password, ""),
        ];
        foreach (var (name, email, password, says) in cases)
        {
            using var client = Staff.Client(counted);
            hasher.Reset();
            var started = Stopwatch.GetTimestamp();
            using var response = await Staff.PostLoginAsync(client, email, password);
            var elapsed = Stopwatch.GetElapsedTime(started);

            Assert.True(hasher.Verifications == 1, $"{name}: {hasher.Verifications} password hashes verified, expected 1");
            if (says.Length == 0)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            }
            else
            {
                Assert.Contains(says, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {elapsed.TotalMilliseconds:F0} ms (one run, page fetch included)"));
        }
    }

    [Fact]
    public async Task TheDecoyHash_HasTheFormatAndIterationCountOfAnAccountsHash()
    {
        await Staff.CreateAsync(factory.Services, "timing-format@example.org", StaffRoles.Editor);
        await using var scope = factory.Services.CreateAsyncScope();
        var real = Convert.FromBase64String((await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync("timing-format@example.org"))!.PasswordHash!);
        var decoy = Convert.FromBase64String(scope.ServiceProvider.GetRequiredService<DecoyPasswordHash>().Value);

        // Identity's v3 format: a 0x01 marker, then the PRF, the iteration count and the salt length (big-endian).
        Assert.Equal(0x01, decoy[0]);
        Assert.Equal(real.Length, decoy.Length);
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(real.AsSpan(1)), BinaryPrimitives.ReadUInt32BigEndian(decoy.AsSpan(1)));
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(real.AsSpan(5)), BinaryPrimitives.ReadUInt32BigEndian(decoy.AsSpan(5)));
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(real.AsSpan(9)), BinaryPrimitives.ReadUInt32BigEndian(decoy.AsSpan(9)));
    }
}
