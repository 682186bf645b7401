using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class Statements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SU_STATEMENT",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Number = table.Column<string>(type: "varchar(40)", unicode: false, maxLength: 40, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    User = table.Column<string>(type: "varchar(120)", maxLength: 120, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Month = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    PeriodBegin = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    PeriodEnd = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    Currency = table.Column<string>(type: "varchar(3)", unicode: false, maxLength: 3, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    Charged = table.Column<decimal>(type: "decimal(20,4)", nullable: false),
                    Consumed = table.Column<decimal>(type: "decimal(20,4)", nullable: false),
                    LineCount = table.Column<int>(type: "int", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    LastUsageId = table.Column<long>(type: "bigint", nullable: false),
                    ContentHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_STATEMENT", x => x.Sequence);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "SU_STATEMENT_LATE_ROW",
                columns: table => new
                {
                    UsageId = table.Column<long>(type: "bigint", nullable: false),
                    User = table.Column<string>(type: "varchar(120)", maxLength: 120, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    FoundAt = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_STATEMENT_LATE_ROW", x => x.UsageId);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "SU_STATEMENT_STATE",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    NextSequence = table.Column<long>(type: "bigint", nullable: false),
                    ScannedThrough = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_STATEMENT_STATE", x => x.Id);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "SU_STATEMENT_LINE",
                columns: table => new
                {
                    StatementSequence = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false),
                    Section = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Month = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    OrderId = table.Column<string>(type: "varchar(32)", unicode: false, maxLength: 32, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    ServiceId = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    PlanId = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    VersionBeginTime = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    UnitPrice = table.Column<decimal>(type: "decimal(20,4)", nullable: false),
                    Quantity = table.Column<int>(type: "int", nullable: false),
                    Kind = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    BeginTime = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    EndTime = table.Column<DateTime>(type: "datetime(6)", nullable: false),
                    Hours = table.Column<decimal>(type: "decimal(20,4)", nullable: true),
                    RowCount = table.Column<int>(type: "int", nullable: false),
                    Amount = table.Column<decimal>(type: "decimal(20,4)", nullable: false),
                    UsageId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_STATEMENT_LINE", x => new { x.StatementSequence, x.Position });
                    table.ForeignKey(
                        name: "FK_SU_STATEMENT_LINE_SU_STATEMENT_StatementSequence",
                        column: x => x.StatementSequence,
                        principalTable: "SU_STATEMENT",
                        principalColumn: "Sequence",
                        onDelete: ReferentialAction.Restrict);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.InsertData(
                table: "SU_STATEMENT_STATE",
                columns: new[] { "Id", "NextSequence", "ScannedThrough" },
                values: new object[] { 1, 1L, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_SU_STATEMENT_Number",
                table: "SU_STATEMENT",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SU_STATEMENT_User_Month",
                table: "SU_STATEMENT",
                columns: new[] { "User", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SU_STATEMENT_User_PeriodEnd",
                table: "SU_STATEMENT",
                columns: new[] { "User", "PeriodEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_SU_STATEMENT_LATE_ROW_User",
                table: "SU_STATEMENT_LATE_ROW",
                column: "User");

            migrationBuilder.CreateIndex(
                name: "IX_SU_STATEMENT_LINE_UsageId",
                table: "SU_STATEMENT_LINE",
                column: "UsageId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SU_STATEMENT_LATE_ROW");

            migrationBuilder.DropTable(
                name: "SU_STATEMENT_LINE");

            migrationBuilder.DropTable(
                name: "SU_STATEMENT_STATE");

            migrationBuilder.DropTable(
                name: "SU_STATEMENT");
        }
    }
}
