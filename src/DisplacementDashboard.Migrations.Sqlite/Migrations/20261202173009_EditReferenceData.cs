using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DisplacementDashboard.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EditReferenceData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Currency",
                table: "Units",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Id",
                table: "Units",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "RetiredAtUtc",
                table: "Units",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetiredBy",
                table: "Units",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAtUtc",
                table: "Units",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                table: "Units",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Units",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "HxlHashtag",
                table: "Metrics",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RetiredAtUtc",
                table: "Metrics",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetiredBy",
                table: "Metrics",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAtUtc",
                table: "Metrics",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                table: "Metrics",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Metrics",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "PCode",
                table: "Locations",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RetiredAtUtc",
                table: "Locations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetiredBy",
                table: "Locations",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAtUtc",
                table: "Locations",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                table: "Locations",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Locations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Existing rows: number the units in code order (their revision key), and start every row at version 1.
            migrationBuilder.Sql("UPDATE \"Units\" SET \"Id\" = (SELECT COUNT(*) FROM \"Units\" AS u2 WHERE u2.\"Code\" <= \"Units\".\"Code\"), \"Version\" = 1;");
            migrationBuilder.Sql("UPDATE \"Metrics\" SET \"Version\" = 1;");
            migrationBuilder.Sql("UPDATE \"Locations\" SET \"Version\" = 1;");

            migrationBuilder.CreateIndex(
                name: "IX_Units_Id",
                table: "Units",
                column: "Id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Units_Id",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "Currency",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "Id",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "RetiredAtUtc",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "RetiredBy",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "UpdatedAtUtc",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "UpdatedBy",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Units");

            migrationBuilder.DropColumn(
                name: "HxlHashtag",
                table: "Metrics");

            migrationBuilder.DropColumn(
                name: "RetiredAtUtc",
                table: "Metrics");

            migrationBuilder.DropColumn(
                name: "RetiredBy",
                table: "Metrics");

            migrationBuilder.DropColumn(
                name: "UpdatedAtUtc",
                table: "Metrics");

            migrationBuilder.DropColumn(
                name: "UpdatedBy",
                table: "Metrics");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Metrics");

            migrationBuilder.DropColumn(
                name: "PCode",
                table: "Locations");

            migrationBuilder.DropColumn(
                name: "RetiredAtUtc",
                table: "Locations");

            migrationBuilder.DropColumn(
                name: "RetiredBy",
                table: "Locations");

            migrationBuilder.DropColumn(
                name: "UpdatedAtUtc",
                table: "Locations");

            migrationBuilder.DropColumn(
                name: "UpdatedBy",
                table: "Locations");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Locations");
        }
    }
}
