using System.Net;
using System.Reflection;
using System.Security.Claims;
using DisplacementDashboard.Core.Accounts;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// Every page and every data-changing service method, listed once: a new one that is not in these tables fails
/// the test, so nobody can add a way to change data and forget to protect it.
/// </summary>
public class AuthorizationTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Public = "";

    /// <summary>Route template -> role needed ("" for public pages).</summary>
    private static readonly Dictionary<string, string> Pages = new()
    {
        ["/"] = Public,
        ["/timeline"] = Public,
        ["/shelter"] = Public,
        ["/aid"] = Public,
        ["/figures"] = Public,
        ["/figures/{Id:int}/history"] = Public,
        ["/sources"] = Public,
        ["/sources/{Id:int}"] = Public,
        ["/events"] = Public,
        ["/changes"] = Public,
        ["/metrics"] = Public,
        ["/export"] = Public,
        ["/account/login"] = Public,
        ["/account/denied"] = Public,
        ["/account/signed-out"] = Public,
        ["/account/reset"] = Public,
        ["/not-found"] = Public,
        ["/error"] = Public,

        // Benchmark baseline; answers 404 unless Diagnostics:EnableBenchmarkEndpoints is on (DiagnosticsTests).
        ["/_diagnostics/counter"] = Public,
        ["/figures/new"] = StaffRoles.EditorOrAdmin,
        ["/figures/{Id:int}/edit"] = StaffRoles.EditorOrAdmin,
        ["/figures/retracted"] = StaffRoles.EditorOrAdmin,
        ["/sources/new"] = StaffRoles.EditorOrAdmin,
        ["/sources/{Id:int}/edit"] = StaffRoles.EditorOrAdmin,
        ["/events/new"] = StaffRoles.EditorOrAdmin,
        ["/events/{Id:int}/edit"] = StaffRoles.EditorOrAdmin,
        ["/import"] = StaffRoles.EditorOrAdmin,
        ["/reports/new"] = StaffRoles.EditorOrAdmin,
        ["/account/password"] = StaffRoles.EditorOrAdmin,
        ["/reference/{Kind}"] = StaffRoles.EditorOrAdmin,
        ["/reference/{Kind}/{Id:int}/history"] = StaffRoles.EditorOrAdmin,
        ["/reference/metrics/new"] = StaffRoles.EditorOrAdmin,
        ["/reference/metrics/{Id:int}/edit"] = StaffRoles.EditorOrAdmin,
        ["/reference/units/new"] = StaffRoles.EditorOrAdmin,
        ["/reference/units/{Id:int}/edit"] = StaffRoles.EditorOrAdmin,
        ["/reference/places/new"] = StaffRoles.EditorOrAdmin,
        ["/reference/places/{Id:int}/edit"] = StaffRoles.EditorOrAdmin,
        ["/admin/users"] = StaffRoles.Admin,
    };

    /// <summary>Service type and method -> role it must demand. Reads that name staff (the retracted list, the accounts list) included.</summary>
    private static readonly Dictionary<string, string> ServiceMethods = new()
    {
        ["FigureEditor.CreateAsync"] = StaffRoles.Editor,
        ["FigureEditor.CorrectAsync"] = StaffRoles.Editor,
        ["FigureEditor.RetractAsync"] = StaffRoles.Editor,
        ["FigureEditor.RestoreAsync"] = StaffRoles.Editor,
        ["FigureVerifier.VerifyAsync"] = StaffRoles.Editor,
        ["SourceEditor.CreateAsync"] = StaffRoles.Editor,
        ["SourceEditor.CorrectAsync"] = StaffRoles.Editor,
        ["EventEditor.CreateAsync"] = StaffRoles.Editor,
        ["EventEditor.CorrectAsync"] = StaffRoles.Editor,
        ["RetractedFigureQueries.GetPageAsync"] = StaffRoles.Editor,
        ["StaffDirectory.ListAsync"] = StaffRoles.Admin,
        ["StaffDirectory.CreateEditorAsync"] = StaffRoles.Admin,
        ["StaffDirectory.SetDisabledAsync"] = StaffRoles.Admin,
        ["StaffDirectory.IssueResetLinkAsync"] = StaffRoles.Admin,
        ["StaffDirectory.ChangePasswordAsync"] = StaffRoles.Editor,
        ["ImportService.CommitAsync"] = StaffRoles.Editor,
        ["ImportService.CommitBundleAsync"] = StaffRoles.Editor,
        ["ReportImport.CommitAsync"] = StaffRoles.Editor,
        ["ReferenceEditor.CreateMetricAsync"] = StaffRoles.Editor,
        ["ReferenceEditor.CorrectMetricAsync"] = StaffRoles.Editor,
        ["ReferenceEditor.RetireMetricAsync"] = StaffRoles.Admin,
        ["ReferenceEditor.RestoreMetricAsync"] = StaffRoles.Admin,
        ["ReferenceEditor.CreateUnitAsync"] = StaffRoles.Editor,
        ["ReferenceEditor.CorrectUnitAsync"] = StaffRoles.Editor,
        ["ReferenceEditor.RetireUnitAsync"] = StaffRoles.Admin,
        ["ReferenceEditor.RestoreUnitAsync"] = StaffRoles.Admin,
        ["ReferenceEditor.CreateLocationAsync"] = StaffRoles.Editor,
        ["ReferenceEditor.CorrectLocationAsync"] = StaffRoles.Editor,
        ["ReferenceEditor.RetireLocationAsync"] = StaffRoles.Admin,
        ["ReferenceEditor.RestoreLocationAsync"] = StaffRoles.Admin,
    };

    private static readonly Type[] ServiceTypes = [typeof(FigureEditor), typeof(FigureVerifier), typeof(SourceEditor), typeof(EventEditor), typeof(StaffDirectory), typeof(ImportService), typeof(RetractedFigureQueries), typeof(ReportImport), typeof(ReferenceEditor)];

    [Fact]
    public void EveryPage_IsListed_AndProtectedPagesCarryTheirRole()
    {
        var routes = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Type: t, r.Template)))
            .ToList();

        Assert.Equal(Pages.Keys.Order(StringComparer.Ordinal), routes.Select(r => r.Template).Distinct().Order(StringComparer.Ordinal));
        foreach (var (type, template) in routes)
        {
            var authorize = type.GetCustomAttribute<AuthorizeAttribute>();
            Assert.True(Pages[template] == Public ? authorize is null : authorize?.Roles == Pages[template], $"{template} ({type.Name}) must require '{Pages[template]}'");
        }
    }

    [Fact]
    public async Task ProtectedPages_SendAnonymousVisitorsToSignIn_AndEditorsAwayFromAdmin()
    {
        await Staff.CreateAsync(factory.Services, "page-editor@example.org", StaffRoles.Editor);
        using var anonymous = Staff.Client(factory);
        using var editor = Staff.Client(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await Staff.PostLoginAsync(editor, "page-editor@example.org", Staff.Password)).StatusCode);

        foreach (var (template, role) in Pages.Where(p => p.Value != Public))
        {
            var path = template.Replace("{Id:int}", "1", StringComparison.Ordinal);
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

            using var asEditor = await editor.GetAsync(path);
            if (role == StaffRoles.Admin)
            {
                Assert.Equal(HttpStatusCode.Redirect, asEditor.StatusCode);
                Assert.StartsWith("/account/denied", asEditor.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, asEditor.StatusCode);
            }
        }
    }

    [Fact]
    public async Task EveryDataChangingServiceMethod_RefusesAnonymous_AndAdminMethodsRefuseEditors()
    {
        var editor = await Staff.CreateAsync(factory.Services, "svc-editor@example.org", StaffRoles.Editor);
        var unroled = await Staff.CreateAsync(factory.Services, "svc-nobody@example.org");
        var forged = Staff.WithRole(unroled, StaffRoles.Admin); // role claimed, not granted in the store
        await using var scope = factory.Services.CreateAsyncScope();

        var methods = ServiceTypes
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => (Type: t, Method: m)))
            .Where(x => x.Method.GetParameters().Any(p => p.ParameterType == typeof(ClaimsPrincipal)))
            .ToList();
        Assert.Equal(ServiceMethods.Keys.Order(StringComparer.Ordinal), methods.Select(x => $"{x.Type.Name}.{x.Method.Name}").Distinct().Order(StringComparer.Ordinal));

        foreach (var (type, method) in methods)
        {
            var service = scope.ServiceProvider.GetRequiredService(type);
            var name = $"{type.Name}.{method.Name}";
            await AssertRefusedAsync(service, method, Staff.Anonymous, name);
            await AssertRefusedAsync(service, method, unroled, name);
            await AssertRefusedAsync(service, method, forged, name);
            if (ServiceMethods[name] == StaffRoles.Admin)
            {
                await AssertRefusedAsync(service, method, editor, name);
            }
        }
    }

    private static async Task AssertRefusedAsync(object service, MethodInfo method, ClaimsPrincipal user, string name)
    {
        var args = method.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(ClaimsPrincipal) => user,
            var t when t == typeof(int) => 1,
            var t when t == typeof(string) => "someone@example.org",
            var t when t == typeof(bool) => (object)false,
            var t when t == typeof(CancellationToken) => CancellationToken.None,
            var t when t == typeof(Stream) => new MemoryStream("metric\n"u8.ToArray()),
            var t when t == typeof(ReportCommit) => new ReportCommit("", null, new ReportSourceChoice(), []),
            var t when t == typeof(ImportBundle) => new ImportBundle("x.zip", new Dictionary<string, byte[]>(), [], null, 0),
            var t => Activator.CreateInstance(t),
        }).ToArray();
        object? result = null;
        var ex = await Record.ExceptionAsync(async () =>
        {
            var task = (Task)method.Invoke(service, args)!;
            await task;
            result = task.GetType().GetProperty("Result")?.GetValue(task);
        });
        var refused = ex is NotAuthorizedException || result is ImportCommitResult { Outcome: ImportOutcome.NotAllowed } || result is BundleCommitResult { Outcome: ImportOutcome.NotAllowed };
        Assert.True(refused, $"{name} as '{user.Identity?.Name ?? "anonymous"}' should be refused but gave {ex?.GetType().Name ?? result?.ToString() ?? "success"}");
    }
}
