using DisplacementDashboard.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DisplacementDashboard.Migrations.Postgres.Migrations
{
    /// <summary>
    /// What the SQLite store enforces with triggers, written for PostgreSQL (hand-written: EF does not model triggers).
    /// Revisions are append-only (the SQLite migration AddStaffAccountsAndRevisionHistory): a row trigger refuses
    /// UPDATE and DELETE, and a statement trigger refuses TRUNCATE, which has no SQLite twin. SourceFigureCounts is
    /// kept exact by triggers on Figures (the SQLite migration MaintainShownFigureCounts), in the writer's own
    /// transaction whatever writes the figure (the editor, the import's COPY, the seed, psql). These are statement
    /// triggers over transition tables, so an import of 100,000 figures updates each source's row once, not 100,000
    /// times.
    /// </summary>
    [DbContext(typeof(DashboardDbContext))]
    [Migration("20261202130900_GuardRevisionsAndCountShownFigures")]
    public partial class GuardRevisionsAndCountShownFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION revisions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN
                        RAISE EXCEPTION 'revisions are append-only: updates are refused' USING ERRCODE = 'restrict_violation';
                    ELSIF TG_OP = 'DELETE' THEN
                        RAISE EXCEPTION 'revisions are append-only: deletes are refused' USING ERRCODE = 'restrict_violation';
                    END IF;
                    RAISE EXCEPTION 'revisions are append-only: truncation is refused' USING ERRCODE = 'restrict_violation';
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Revisions_NoUpdate" BEFORE UPDATE ON "Revisions"
                    FOR EACH ROW EXECUTE FUNCTION revisions_refuse_change();
                CREATE TRIGGER "Revisions_NoDelete" BEFORE DELETE ON "Revisions"
                    FOR EACH ROW EXECUTE FUNCTION revisions_refuse_change();
                CREATE TRIGGER "Revisions_NoTruncate" BEFORE TRUNCATE ON "Revisions"
                    FOR EACH STATEMENT EXECUTE FUNCTION revisions_refuse_change();
                """);

            // Shown (not retracted) figures per source. Each function adds its statement's change per source; a
            // source whose count does not move is not touched. ORDER BY keeps the row locks in one order.
            migrationBuilder.Sql("""
                INSERT INTO "SourceFigureCounts" ("SourceId", "Shown")
                SELECT "SourceId", COUNT(*) FROM "Figures" WHERE NOT "IsRetracted" GROUP BY "SourceId";

                CREATE FUNCTION figures_count_shown_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "SourceFigureCounts" ("SourceId", "Shown")
                    SELECT "SourceId", COUNT(*) FROM figures_new WHERE NOT "IsRetracted" GROUP BY "SourceId" ORDER BY "SourceId"
                    ON CONFLICT ("SourceId") DO UPDATE SET "Shown" = "SourceFigureCounts"."Shown" + EXCLUDED."Shown";
                    RETURN NULL;
                END;
                $$;

                CREATE FUNCTION figures_count_shown_delete() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "SourceFigureCounts" AS c SET "Shown" = c."Shown" - d.n
                    FROM (SELECT "SourceId", COUNT(*) AS n FROM figures_old WHERE NOT "IsRetracted" GROUP BY "SourceId") AS d
                    WHERE c."SourceId" = d."SourceId";
                    RETURN NULL;
                END;
                $$;

                CREATE FUNCTION figures_count_shown_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "SourceFigureCounts" ("SourceId", "Shown")
                    SELECT "SourceId", SUM(n) FROM (
                        SELECT "SourceId", -1 AS n FROM figures_old WHERE NOT "IsRetracted"
                        UNION ALL
                        SELECT "SourceId", 1 AS n FROM figures_new WHERE NOT "IsRetracted") AS moves
                    GROUP BY "SourceId" HAVING SUM(n) <> 0 ORDER BY "SourceId"
                    ON CONFLICT ("SourceId") DO UPDATE SET "Shown" = "SourceFigureCounts"."Shown" + EXCLUDED."Shown";
                    RETURN NULL;
                END;
                $$;

                CREATE TRIGGER "Figures_CountShown_Insert" AFTER INSERT ON "Figures"
                    REFERENCING NEW TABLE AS figures_new
                    FOR EACH STATEMENT EXECUTE FUNCTION figures_count_shown_insert();
                CREATE TRIGGER "Figures_CountShown_Delete" AFTER DELETE ON "Figures"
                    REFERENCING OLD TABLE AS figures_old
                    FOR EACH STATEMENT EXECUTE FUNCTION figures_count_shown_delete();
                CREATE TRIGGER "Figures_CountShown_Update" AFTER UPDATE ON "Figures"
                    REFERENCING OLD TABLE AS figures_old NEW TABLE AS figures_new
                    FOR EACH STATEMENT EXECUTE FUNCTION figures_count_shown_update();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "Figures_CountShown_Update" ON "Figures";
                DROP TRIGGER IF EXISTS "Figures_CountShown_Delete" ON "Figures";
                DROP TRIGGER IF EXISTS "Figures_CountShown_Insert" ON "Figures";
                DROP FUNCTION IF EXISTS figures_count_shown_update();
                DROP FUNCTION IF EXISTS figures_count_shown_delete();
                DROP FUNCTION IF EXISTS figures_count_shown_insert();
                DELETE FROM "SourceFigureCounts";
                DROP TRIGGER IF EXISTS "Revisions_NoTruncate" ON "Revisions";
                DROP TRIGGER IF EXISTS "Revisions_NoDelete" ON "Revisions";
                DROP TRIGGER IF EXISTS "Revisions_NoUpdate" ON "Revisions";
                DROP FUNCTION IF EXISTS revisions_refuse_change();
                """);
        }
    }
}
