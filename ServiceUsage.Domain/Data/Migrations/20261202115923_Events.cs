using System;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class Events : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SU_EVENT",
                columns: table => new
                {
                    EVENT_KEY = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                    ID = table.Column<string>(type: "varchar(36)", unicode: false, maxLength: 36, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    SEQUENCE = table.Column<long>(type: "bigint", nullable: true),
                    TYPE = table.Column<string>(type: "varchar(40)", unicode: false, maxLength: 40, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    TIME = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    USER = table.Column<string>(type: "varchar(120)", maxLength: 120, nullable: false, collation: "utf8mb4_bin")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    DATA = table.Column<string>(type: "json", nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_EVENT", x => x.EVENT_KEY);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_EVENT_USER",
                table: "SU_EVENT",
                columns: new[] { "USER", "SEQUENCE" });

            migrationBuilder.CreateIndex(
                name: "UX_EVENT_ID",
                table: "SU_EVENT",
                column: "ID",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_EVENT_SEQUENCE",
                table: "SU_EVENT",
                column: "SEQUENCE",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SU_EVENT");
        }
    }
}
