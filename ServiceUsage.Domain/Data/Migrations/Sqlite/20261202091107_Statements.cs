using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceUsage.Domain.Data.Migrations.Sqlite
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
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: false),
                    User = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Month = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    PeriodBegin = table.Column<long>(type: "INTEGER", nullable: false),
                    PeriodEnd = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", unicode: false, maxLength: 3, nullable: false),
                    Charged = table.Column<long>(type: "INTEGER", nullable: false),
                    Consumed = table.Column<long>(type: "INTEGER", nullable: false),
                    LineCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastUsageId = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_STATEMENT", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "SU_STATEMENT_LATE_ROW",
                columns: table => new
                {
                    UsageId = table.Column<long>(type: "INTEGER", nullable: false),
                    User = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    FoundAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_STATEMENT_LATE_ROW", x => x.UsageId);
                });

            migrationBuilder.CreateTable(
                name: "SU_STATEMENT_STATE",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    NextSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    ScannedThrough = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SU_STATEMENT_STATE", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SU_STATEMENT_LINE",
                columns: table => new
                {
                    StatementSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Section = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Month = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    OrderId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    ServiceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PlanId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VersionBeginTime = table.Column<long>(type: "INTEGER", nullable: false),
                    UnitPrice = table.Column<long>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    BeginTime = table.Column<long>(type: "INTEGER", nullable: false),
                    EndTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Hours = table.Column<long>(type: "INTEGER", nullable: true),
                    RowCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    UsageId = table.Column<long>(type: "INTEGER", nullable: true)
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
                });

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
