using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DisplacementDashboard.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class IndexShownFiguresByDateAndSource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Figures_Shown_ReferenceDate_LocalTime",
                table: "Figures",
                columns: new[] { "ReferenceDate", "LocalTime" },
                filter: "NOT (\"IsRetracted\")");

            migrationBuilder.CreateIndex(
                name: "IX_Figures_Shown_SourceId_ReferenceDate_LocalTime",
                table: "Figures",
                columns: new[] { "SourceId", "ReferenceDate", "LocalTime" },
                filter: "NOT (\"IsRetracted\")");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Figures_Shown_ReferenceDate_LocalTime",
                table: "Figures");

            migrationBuilder.DropIndex(
                name: "IX_Figures_Shown_SourceId_ReferenceDate_LocalTime",
                table: "Figures");
        }
    }
}
