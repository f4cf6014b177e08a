using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DisplacementDashboard.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class MaintainShownFigureCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SourceFigureCounts",
                columns: table => new
                {
                    SourceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Shown = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SourceFigureCounts", x => x.SourceId);
                    table.ForeignKey(
                        name: "FK_SourceFigureCounts_Sources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "Sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Shown (not retracted) figures per source, kept exact by the database in the writer's own transaction,
            // whatever writes the figure: the editor, the import, the seed or the sqlite3 shell.
            migrationBuilder.Sql(
                "INSERT INTO SourceFigureCounts (SourceId, Shown) " +
                "SELECT SourceId, COUNT(*) FROM Figures WHERE NOT IsRetracted GROUP BY SourceId;");
            migrationBuilder.Sql(
                "CREATE TRIGGER Figures_CountShown_Insert AFTER INSERT ON Figures WHEN NOT NEW.IsRetracted " +
                "BEGIN INSERT INTO SourceFigureCounts (SourceId, Shown) VALUES (NEW.SourceId, 1) " +
                "ON CONFLICT (SourceId) DO UPDATE SET Shown = Shown + 1; END;");
            migrationBuilder.Sql(
                "CREATE TRIGGER Figures_CountShown_Delete AFTER DELETE ON Figures WHEN NOT OLD.IsRetracted " +
                "BEGIN UPDATE SourceFigureCounts SET Shown = Shown - 1 WHERE SourceId = OLD.SourceId; END;");
            migrationBuilder.Sql(
                "CREATE TRIGGER Figures_CountShown_Update AFTER UPDATE OF IsRetracted, SourceId ON Figures " +
                "WHEN OLD.IsRetracted IS NOT NEW.IsRetracted OR OLD.SourceId IS NOT NEW.SourceId " +
                "BEGIN " +
                "UPDATE SourceFigureCounts SET Shown = Shown - 1 WHERE SourceId = OLD.SourceId AND NOT OLD.IsRetracted; " +
                "INSERT INTO SourceFigureCounts (SourceId, Shown) SELECT NEW.SourceId, 1 WHERE NOT NEW.IsRetracted " +
                "ON CONFLICT (SourceId) DO UPDATE SET Shown = Shown + 1; " +
                "END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Figures_CountShown_Insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Figures_CountShown_Delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Figures_CountShown_Update;");

            migrationBuilder.DropTable(
                name: "SourceFigureCounts");
        }
    }
}
