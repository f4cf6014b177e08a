using Microsoft.AspNetCore.Identity;

namespace DisplacementDashboard.Core.Accounts;

/// <summary>
/// Password policy after NIST SP 800-63B: length matters, composition rules do not. 12 to 128 characters,
/// and a short list of passwords attackers try first is refused.
/// </summary>
public sealed class PasswordRules<TUser> : IPasswordValidator<TUser>
    where TUser : class
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 128;

    /// <summary>Common choices that meet the length rule and appear early in breach lists.</summary>
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890123", "12345678901234", "password1234", "password12345", "passwordpassword",
        "qwertyuiopas", "qwertyuiop123", "qwerty123456", "iloveyou1234", "letmein12345", "welcome12345",
        "administrator", "admin1234567", "changeme1234", "aaaaaaaaaaaa", "abcdefghijkl", "abc123456789",
        "111111111111", "000000000000", "football1234", "monkey123456", "sunshine1234", "trustno1trustno1",
        "passw0rd1234", "p@ssw0rd1234", "p@ssword1234", "correcthorsebatterystaple", "yerevan12345", "armenia12345",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<TUser> manager, TUser user, string? password)
    {
        var errors = new List<IdentityError>();
        password ??= "";
        if (password.Length < MinimumLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooShort", Description = $"Use at least {MinimumLength} characters; a few ordinary words make a good password." });
        }

        if (password.Length > MaximumLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooLong", Description = $"Use at most {MaximumLength} characters." });
        }

        if (Common.Contains(password.Trim()))
        {
            errors.Add(new IdentityError { Code = "PasswordCommon", Description = "This password is on the list of passwords attackers try first; choose another." });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}
