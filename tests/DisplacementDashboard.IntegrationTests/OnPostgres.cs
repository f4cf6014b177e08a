using DisplacementDashboard.Core.Data;
using DisplacementDashboard.IntegrationTests.Infrastructure;

namespace DisplacementDashboard.IntegrationTests;

// The same tests on PostgreSQL (issue 13): each class below runs every test of its base class against a new database
// on the tests' own PostgreSQL server (PostgresServer; without the server binaries these fail, naming the package).
// The bases run on SQLite. Tests that are SQLite's alone (the SQLite backup file, sqlite_master, pragmas, the
// SQLite file's keys folder) stay in classes that are not listed here.
public sealed class EditingTestsOnPostgres(PostgresDashboardFactory factory) : EditingTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class VerificationPagesTestsOnPostgres(PostgresDashboardFactory factory) : VerificationPagesTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class ChangesTestsOnPostgres(PostgresDashboardFactory factory) : ChangesTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class AccountTestsOnPostgres(PostgresDashboardFactory factory) : AccountTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class SessionTestsOnPostgres(PostgresDashboardFactory factory) : SessionTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class ResetLinkTestsOnPostgres(PostgresDashboardFactory factory) : ResetLinkTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class PasswordChangeTestsOnPostgres(PostgresDashboardFactory factory) : PasswordChangeTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class FigureHistoryPageTestsOnPostgres(PostgresDashboardFactory factory) : FigureHistoryPageTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class CachingTestsOnPostgres(PostgresDashboardFactory factory) : CachingTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class ImportServiceTestsOnPostgres(PostgresImportExportFactory factory) : ImportServiceTests(factory), IClassFixture<PostgresImportExportFactory>;

public sealed class ImportCorpusTestsOnPostgres(PostgresImportExportFactory factory) : ImportCorpusTests(factory), IClassFixture<PostgresImportExportFactory>;

public sealed class PagesTestsOnPostgres(PostgresDashboardFactory factory) : PagesTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class ApiTestsOnPostgres(PostgresImportExportFactory factory) : ApiTests(factory), IClassFixture<PostgresImportExportFactory>;

public sealed class AuthorizationTestsOnPostgres(PostgresDashboardFactory factory) : AuthorizationTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class FigureValueSortTestsOnPostgres : FigureValueSortTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class SixFileImportTestsOnPostgres(PostgresImportExportFactory factory) : SixFileImportTests(factory), IClassFixture<PostgresImportExportFactory>;

public sealed class ReportImportTestsOnPostgres(PostgresDashboardFactory factory) : ReportImportTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class ReferenceEditorTestsOnPostgres(PostgresDashboardFactory factory) : ReferenceEditorTests(factory), IClassFixture<PostgresDashboardFactory>;

public sealed class KnownWhenTestsOnPostgres(PostgresImportExportFactory factory) : KnownWhenTests(factory), IClassFixture<PostgresImportExportFactory>;
