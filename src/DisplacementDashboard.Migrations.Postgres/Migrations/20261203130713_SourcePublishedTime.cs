using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DisplacementDashboard.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SourcePublishedTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeOnly>(
                name: "PublishedTime",
                table: "Sources",
                type: "time without time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PublishedTime",
                table: "Sources");
        }
    }
}
