using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class DailyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DF_USAGE_DAILY",
                columns: table => new
                {
                    ORDER_ID = table.Column<string>(type: "varchar(32)", unicode: false, maxLength: 32, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    DAY = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    USER = table.Column<string>(type: "varchar(120)", maxLength: 120, nullable: false, collation: "utf8mb4_bin")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    PAYMENT = table.Column<decimal>(type: "decimal(20,4)", nullable: false),
                    USAGE_ROWS = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DF_USAGE_DAILY", x => new { x.ORDER_ID, x.DAY });
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "DF_USAGE_DAILY_USER",
                columns: table => new
                {
                    USER = table.Column<string>(type: "varchar(120)", maxLength: 120, nullable: false, collation: "utf8mb4_bin")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    DAY = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    PAYMENT = table.Column<decimal>(type: "decimal(20,4)", nullable: false),
                    USAGE_ROWS = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DF_USAGE_DAILY_USER", x => new { x.USER, x.DAY });
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_USAGE_DAILY_USER_DAY",
                table: "DF_USAGE_DAILY",
                columns: new[] { "USER", "DAY", "ORDER_ID", "PAYMENT" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DF_USAGE_DAILY");

            migrationBuilder.DropTable(
                name: "DF_USAGE_DAILY_USER");
        }
    }
}
