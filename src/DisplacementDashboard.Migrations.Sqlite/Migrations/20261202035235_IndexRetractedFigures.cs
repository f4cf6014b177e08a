using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DisplacementDashboard.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class IndexRetractedFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Figures_Retracted",
                table: "Figures",
                columns: new[] { "IsRetracted", "SourceId" },
                filter: "\"IsRetracted\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Figures_Retracted",
                table: "Figures");
        }
    }
}
