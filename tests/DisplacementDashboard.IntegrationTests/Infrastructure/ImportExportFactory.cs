using Microsoft.AspNetCore.Identity;
using System.Security.Claims;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over its own SQLite file, with a hand-moved clock (seeding happens at <see cref="Start"/>) and small
/// import limits (64 KB, 500 rows) so the size and row limits can be tested with small files.
/// </summary>
public sealed class ImportExportFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("dd-io-").FullName;

    public TestClock Clock { get; } = new(Start);

    public string DatabasePath => Path.Combine(_directory, "dashboard.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Dashboard", $"Data Source={DatabasePath}");
        builder.UseSetting("Import:MaxFileBytes", "65536");
        builder.UseSetting("Import:MaxRows", "500");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public DashboardDbContext CreateContext() => Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Adds a staff account with the role (none when null) and returns the signed-in user as the app would see it.</summary>
    public async Task<ClaimsPrincipal> CreateStaffAsync(string userName, string? role, bool disabled = false)
    {
        await using var db = CreateContext();
        var stamp = Guid.NewGuid().ToString();
        var user = new StaffUser
        {
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            Email = userName + "@example.invalid",
            NormalizedEmail = (userName + "@example.invalid").ToUpperInvariant(),
            SecurityStamp = stamp,
            IsDisabled = disabled,
            CreatedAtUtc = Clock.UtcNow,
        };
        db.Users.Add(user);
        if (role is not null)
        {
            // The role is granted in the store too: services check it there, not only in the cookie.
            var roleRow = await db.Roles.SingleOrDefaultAsync(r => r.Name == role) ?? db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() }).Entity;
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleRow.Id });
        }

        await db.SaveChangesAsync();
        List<Claim> claims = [new(ClaimTypes.Name, userName), new(StaffAuthorization.SecurityStampClaimType, stamp)];
        if (role is not null)
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }

    /// <summary>The publication date of the source with <paramref name="key"/>.</summary>
    public async Task<DateOnly?> SourcePublishedAsync(string key)
    {
        await using var db = CreateContext();
        return await db.Sources.Where(s => s.Key == key).Select(s => s.Published).SingleAsync();
    }

    /// <summary>Row counts and a SHA-256 over every column of the Figures and Revisions tables in id order.</summary>
    public async Task<string> StoreStateAsync()
    {
        await using var db = CreateContext();
        return await StoreState.HashAsync(db);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS is removed with the temp folder later; the test result stands.
        }
    }
}
