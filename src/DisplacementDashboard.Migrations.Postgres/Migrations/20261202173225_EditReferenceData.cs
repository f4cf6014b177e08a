using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DisplacementDashboard.Migrations.Postgres.Migrations
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
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Id",
                table: "Units",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "RetiredAtUtc",
                table: "Units",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetiredBy",
                table: "Units",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAtUtc",
                table: "Units",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                table: "Units",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Units",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "HxlHashtag",
                table: "Metrics",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RetiredAtUtc",
                table: "Metrics",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetiredBy",
                table: "Metrics",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAtUtc",
                table: "Metrics",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                table: "Metrics",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Metrics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "PCode",
                table: "Locations",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RetiredAtUtc",
                table: "Locations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetiredBy",
                table: "Locations",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAtUtc",
                table: "Locations",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                table: "Locations",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Locations",
                type: "integer",
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
