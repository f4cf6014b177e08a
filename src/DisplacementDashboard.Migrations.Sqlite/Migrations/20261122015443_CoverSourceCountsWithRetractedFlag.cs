using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DisplacementDashboard.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoverSourceCountsWithRetractedFlag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Figures_SourceId",
                table: "Figures");

            migrationBuilder.CreateIndex(
                name: "IX_Figures_SourceId_IsRetracted",
                table: "Figures",
                columns: new[] { "SourceId", "IsRetracted" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Figures_SourceId_IsRetracted",
                table: "Figures");

            migrationBuilder.CreateIndex(
                name: "IX_Figures_SourceId",
                table: "Figures",
                column: "SourceId");
        }
    }
}
